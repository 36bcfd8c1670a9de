// The pg-boss wrapper against the real database: attempts are counted, and the last one is known.
import { startTestServer, type TestServer } from "../../test/support/test-server.ts";
import type { JobAttempt } from "./jobs.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it("runs a failing job three times in all, telling the handler which attempt is the last", async () => {
  const attempts: Omit<JobAttempt<{ n: number }>, "id" | "signal">[] = [];
  let done: () => void;
  const third = new Promise<void>((resolve) => (done = resolve));
  await server.app.platform.jobs.work<{ n: number }>("test-always-fails", { expireInSeconds: 60, retryDelaySeconds: 0 }, async (job) => {
    attempts.push({ data: job.data, attempt: job.attempt, isLastAttempt: job.isLastAttempt });
    if (attempts.length === 3) done();
    throw new Error("not today");
  });
  await server.app.platform.jobs.send("test-always-fails", { n: 7 });
  await third;
  // A fourth run would come within a polling interval (2 s).
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect(attempts).toEqual([
    { data: { n: 7 }, attempt: 1, isLastAttempt: false },
    { data: { n: 7 }, attempt: 2, isLastAttempt: false },
    { data: { n: 7 }, attempt: 3, isLastAttempt: true },
  ]);
}, 30_000);

it("runs as many jobs of a queue at once as its concurrency, and no more", async () => {
  let running = 0;
  let most = 0;
  let finished = 0;
  let allDone: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  await server.app.platform.jobs.work<{ n: number }>("test-two-at-once", { expireInSeconds: 60, concurrency: 2 }, async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    running -= 1;
    finished += 1;
    if (finished === 4) allDone();
  });
  for (let n = 0; n < 4; n += 1) await server.app.platform.jobs.send("test-two-at-once", { n });
  await done;
  expect(most).toBe(2);
}, 30_000);
