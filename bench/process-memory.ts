// Resident memory of another process (the API child), read from /proc on Linux.
import { readFileSync } from "node:fs";

const SAMPLE_INTERVAL_MS = 50;
const VM_RSS = /^VmRSS:\s+(\d+)\s+kB$/m;

/** The process's resident set size in bytes: VmRSS from /proc/<pid>/status. */
export function residentBytes(pid: number): number {
  const match = VM_RSS.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(match[1]) * 1024;
}

export interface PeakRssSampler {
  /** Stops sampling and answers the highest resident size seen, in bytes. */
  stop(): { peakBytes: number; samples: number };
}

/** Samples `pid`'s resident size every 50 ms until stopped, keeping the peak. */
export function samplePeakRss(pid: number): PeakRssSampler {
  let peakBytes = residentBytes(pid);
  let samples = 1;
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, residentBytes(pid));
    samples += 1;
  }, SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      peakBytes = Math.max(peakBytes, residentBytes(pid));
      return { peakBytes, samples: samples + 1 };
    },
  };
}
