// Progress reports on their way to the API. Every report is first kept in localStorage, per
// learner, and leaves it only once the API has recorded it: a lost connection, a closed tab or a
// crash loses nothing, and the next delivery (on reconnection, or the next visit to the player
// or "My learning") sends it. The API merges watched ranges as a union and moves the resume
// position only for a report at least as recent (clientTimestamp), so sending a report twice,
// late or out of order is harmless.
import { persistedRequestBody } from "../apollo/persistedDocuments";
import { apolloClient } from "../apollo/client";
import { errorCodeOf, errorMessageOf } from "../apollo/apiErrors";
import { currentAccessToken } from "../auth/session";
import { RecordProgressDocument, type RecordProgressInput } from "../gql/graphql";
import { userRecords } from "../storage/userRecords";
import { unionOfRanges, type WatchedRange } from "./watchedRanges";

export interface ProgressReport {
  videoId: string;
  positionSeconds: number;
  watchedRanges: WatchedRange[];
  /** When the learner was there: an older report never moves the resume position back. */
  clientTimestamp: string;
}

/** The API's limit of ranges in one report. */
const MAX_RANGES_PER_REPORT = 100;
const reportsOnDevice = userRecords<ProgressReport>((userId) => `lms.progressReports.${userId}`);
/** Refusals that sending again would not change: the report is dropped, and the learner told. */
const FINAL_REFUSALS = new Set(["BAD_USER_INPUT", "FORBIDDEN", "NOT_FOUND"]);

/**
 * Keeps the report until it is delivered. A video's waiting report and a newer one become one:
 * the union of their ranges, the newer position and time.
 */
export function queueProgressReport(userId: string, report: ProgressReport): void {
  const queue = reportsOnDevice.read(userId);
  const waiting = queue[report.videoId];
  const newer = !waiting || report.clientTimestamp >= waiting.clientTimestamp ? report : waiting;
  queue[report.videoId] = {
    ...newer,
    watchedRanges: unionOfRanges([...(waiting?.watchedRanges ?? []), ...report.watchedRanges]),
  };
  reportsOnDevice.write(userId, queue);
}

/** The video's report still waiting on this device: newer than what the API answered before it. */
export function waitingReportOf(userId: string, videoId: string): ProgressReport | null {
  return reportsOnDevice.read(userId)[videoId] ?? null;
}

/** Forgets the delivered report, unless another has joined it since it left. */
function forgetDelivered(userId: string, delivered: ProgressReport): void {
  const queue = reportsOnDevice.read(userId);
  if (JSON.stringify(queue[delivered.videoId]) !== JSON.stringify(delivered)) return;
  delete queue[delivered.videoId];
  reportsOnDevice.write(userId, queue);
}

/** The report as inputs of at most the API's number of ranges each (nearly always one). */
function inputsOf(report: ProgressReport): RecordProgressInput[] {
  const inputs: RecordProgressInput[] = [];
  for (let start = 0; start === 0 || start < report.watchedRanges.length; start += MAX_RANGES_PER_REPORT) {
    inputs.push({ ...report, watchedRanges: report.watchedRanges.slice(start, start + MAX_RANGES_PER_REPORT) });
  }
  return inputs;
}

export interface DeliveryOutcome {
  /** A report the API refused for good, in a sentence for the learner; it is not sent again. */
  refusal: string | null;
}

let delivering: Promise<DeliveryOutcome> | null = null;
let deliverAgain = false;

/**
 * Sends the learner's waiting reports through the Apollo client, whose answers update the
 * progress on screen; one delivery at a time, and once more after it when a report came in
 * meanwhile. A network failure keeps them for the next one.
 */
export function deliverProgressReports(userId: string): Promise<DeliveryOutcome> {
  if (delivering) {
    deliverAgain = true;
    return delivering;
  }
  delivering = (async () => {
    let refusal: string | null = null;
    do {
      deliverAgain = false;
      refusal = (await sendQueue(userId)).refusal ?? refusal;
    } while (deliverAgain);
    return { refusal };
  })().finally(() => {
    delivering = null;
  });
  return delivering;
}

async function sendQueue(userId: string): Promise<DeliveryOutcome> {
  let refusal: string | null = null;
  for (const report of Object.values(reportsOnDevice.read(userId))) {
    try {
      for (const input of inputsOf(report)) {
        await apolloClient.mutate({ mutation: RecordProgressDocument, variables: { input } });
      }
      forgetDelivered(userId, report);
    } catch (error) {
      const code = errorCodeOf(error);
      if (!code || !FINAL_REFUSALS.has(code)) break;
      forgetDelivered(userId, report);
      refusal = `Your progress could not be saved. ${errorMessageOf(error)}`;
    }
  }
  return { refusal };
}

/**
 * For a page being hidden or closed: the waiting reports as `keepalive` requests, which the
 * browser completes after the page is gone. They stay queued until a delivery sees them recorded,
 * since the answers may never be read.
 */
export function sendProgressReportsBeforeLeaving(userId: string): void {
  const token = currentAccessToken();
  const recorded = async (input: RecordProgressInput) => {
    const response = await fetch("/graphql", {
      method: "POST",
      keepalive: true,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: persistedRequestBody(RecordProgressDocument, { input }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    return response.ok && !body.errors?.length;
  };
  for (const report of Object.values(reportsOnDevice.read(userId))) {
    void Promise.all(inputsOf(report).map(recorded)).then(
      (answers) => answers.every(Boolean) && forgetDelivered(userId, report),
      () => {},
    );
  }
}
