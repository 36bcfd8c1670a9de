// A piece of work that many callers may ask for at any time (deliver what waits in an outbox): it
// runs once at a time, and a call during a run gets one more run after it, shared by all who call
// meanwhile, since that run may have read its input before the caller's data existed.
export interface CoalescedRuns {
  (): Promise<void>;
  /** Resolves once no run is under way or waiting. */
  idle(): Promise<void>;
}

export function coalescedRuns(work: () => Promise<void>): CoalescedRuns {
  let running: Promise<void> | null = null;
  let followUp: Promise<void> | null = null;

  function run(): Promise<void> {
    if (!running) {
      running = work().finally(() => {
        running = null;
      });
      return running;
    }
    followUp ??= running
      .catch(() => undefined)
      .then(() => {
        followUp = null;
        return run();
      });
    return followUp;
  }

  return Object.assign(run, {
    async idle() {
      while (running || followUp) await (followUp ?? running)!.catch(() => undefined);
    },
  });
}
