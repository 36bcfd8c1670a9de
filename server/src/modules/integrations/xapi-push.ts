// Learning records pushed to the LRS named by XAPI_ENDPOINT: every course's settled learning events,
// in the order they were stored, in batches, on XAPI_PUSH_CRON. How far it has gone is one row
// (xapi_push_state), moved on after each batch the LRS took, so a failed batch is sent again on
// the next run and a run never skips one. A batch sent twice (two runs at once, a crash between
// the LRS's answer and the row's update) holds the same statements with the same ids, which the
// LRS stores once.
import XAPI, { type Statement } from "@xapi/xapi";
import type { XapiConfig } from "../../platform/config.ts";
import type { Platform } from "../../platform/platform.ts";
import { readLearningEvents, type LearningEventKey } from "../analytics/index.ts";
import { settledBefore, statementsOf } from "./learning-records.service.ts";

const PUSH_QUEUE = "integrations-xapi-push";
export const PUSH_BATCH = 200;
/** Batches one run sends at most, so that a run after a long outage ends and the next carries on. */
const BATCHES_PER_RUN = 50;
const REQUEST_TIMEOUT_MS = 30_000;
const STATE_ID = 1;

export class LrsError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`the LRS answered ${status}: ${body.slice(0, 300)}`);
  }
}

/** How the client makes its requests (the package exports the type only with its config). */
type LrsAdapter = Extract<NonNullable<ConstructorParameters<typeof XAPI>[0]["adapter"]>, (...args: never[]) => unknown>;

/** fetch with a timeout and no redirects; an answer other than 2xx is an LrsError with its status. */
const fetchWithTimeout: LrsAdapter = async ({ url, method, headers, data }) => {
  const response = await fetch(url, {
    method,
    headers,
    body: data === undefined ? undefined : JSON.stringify(data),
    redirect: "error",
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new LrsError(response.status, text);
  return { data: text ? JSON.parse(text) : undefined, headers: { "content-type": response.headers.get("content-type") ?? "" }, status: response.status };
};

function lrsClient(lrs: NonNullable<XapiConfig["lrs"]>): XAPI {
  return new XAPI({ endpoint: lrs.endpoint, auth: XAPI.toBasicAuth(lrs.username, lrs.password), adapter: fetchWithTimeout, version: "1.0.3" });
}

/**
 * Sends the statements in one request. An LRS refuses a whole batch with 409 when one of its ids
 * holds another statement already (a video's length changed since it was first sent): the batch is
 * then sent one by one, and the statements refused so are logged and passed over.
 */
async function sendBatch(platform: Platform, client: XAPI, statements: Statement[]): Promise<void> {
  try {
    await client.sendStatements({ statements });
  } catch (error) {
    if (!(error instanceof LrsError && error.status === 409)) throw error;
    for (const statement of statements) {
      try {
        await client.sendStatement({ statement });
      } catch (single) {
        if (!(single instanceof LrsError && single.status === 409)) throw single;
        platform.log.warn({ statementId: statement.id }, "the LRS holds another statement with this id; passed over");
      }
    }
  }
}

async function readPushedUpTo(platform: Platform): Promise<LearningEventKey | null> {
  const row = await platform.db.xapiPushState.findUnique({ where: { id: STATE_ID } });
  return row && { storedAt: row.storedAt, userId: row.userId, clientEventId: row.clientEventId };
}

/** Moves the row on from `from` to `to`; false when another run moved it meanwhile. */
async function movePushedUpTo(platform: Platform, from: LearningEventKey | null, to: LearningEventKey): Promise<boolean> {
  const data = { storedAt: to.storedAt, userId: to.userId, clientEventId: to.clientEventId };
  if (!from) {
    const created = await platform.db.xapiPushState.createMany({ data: [{ id: STATE_ID, ...data }], skipDuplicates: true });
    return created.count === 1;
  }
  const moved = await platform.db.xapiPushState.updateMany({ where: { id: STATE_ID, storedAt: from.storedAt, userId: from.userId, clientEventId: from.clientEventId }, data });
  return moved.count === 1;
}

/** One run: the settled events not pushed yet, batch after batch; answers how many statements the LRS took. */
export async function pushLearningRecords(platform: Platform, signal?: AbortSignal): Promise<number> {
  const { lrs, settleSeconds } = platform.config.xapi;
  if (!lrs) return 0;
  const client = lrsClient(lrs);
  const until = settledBefore(settleSeconds);
  let pushed = 0;
  let after = await readPushedUpTo(platform);
  for (let batch = 0; batch < BATCHES_PER_RUN && !signal?.aborted; batch += 1) {
    const events = await readLearningEvents(platform.db, { until, after, limit: PUSH_BATCH, reportsWithinSeconds: settleSeconds });
    if (events.length === 0) break;
    await sendBatch(platform, client, await statementsOf(platform.db, platform.config.publicUrl, events));
    const last = events.at(-1)!;
    if (!(await movePushedUpTo(platform, after, last))) break;
    pushed += events.length;
    after = last;
  }
  return pushed;
}

/** When an LRS is configured: a run on its schedule, once across server instances. */
export async function startXapiPush(platform: Platform): Promise<void> {
  const { lrs } = platform.config.xapi;
  if (!lrs) return;
  await platform.jobs.work(PUSH_QUEUE, { attempts: 1, expireInSeconds: 10 * 60 }, async ({ signal }) => {
    try {
      const pushed = await pushLearningRecords(platform, signal);
      if (pushed > 0) platform.log.info({ pushed }, "learning records pushed to the LRS");
    } catch (error) {
      // The next run sends the same batch again: the schedule is the retry.
      platform.log.warn({ err: error }, "could not push learning records to the LRS; the next run tries again");
    }
  });
  await platform.jobs.schedule(PUSH_QUEUE, lrs.pushCron);
}
