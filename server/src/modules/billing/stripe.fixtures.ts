// Factories for the Stripe tests: a server whose payments are Stripe's, pointed at the tests'
// Stripe peer (real SDK, loopback), paid courses, verified learners, checkouts through the public
// API, and what a learner's access to a course is now.
import { databaseId } from "../../../test/support/ids.ts";
import { startStripePeer, type PeerCheckoutSession, type StripePeer } from "../../../test/support/stripe-peer.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { signUp, type TestAccount } from "../identity/identity.fixtures.ts";
import { courseToLearn } from "../learning/learning.fixtures.ts";

export type LogEntry = Record<string, unknown> & { level: number; msg?: string };

export interface StripeSetup {
  server: TestServer;
  peer: StripePeer;
  /** The server's log at warn and above, as JSON entries. */
  log: LogEntry[];
  close(): Promise<void>;
}

/** A Stripe peer and a server whose payments go to it (reconciliation left to the tests that run it). */
export async function startStripeServer(env: Record<string, string> = {}): Promise<StripeSetup> {
  const peer = await startStripePeer();
  const log: LogEntry[] = [];
  const logTo = {
    write(chunk: string) {
      for (const line of chunk.split("\n")) if (line) log.push(JSON.parse(line) as LogEntry);
    },
  };
  const server = await startTestServer({ ...UNTHROTTLED, PAYMENT_RECONCILIATION_CRON: "off", LOG_LEVEL: "warn", ...peer.env, ...env }, { logTo });
  return {
    server,
    peer,
    log,
    async close() {
      await server.close();
      await peer.close();
    },
  };
}

/** A published course of the token's instructor at this price, with one 60-second video. */
export async function paidCourse(server: TestServer, token: string, priceCents = 2500, currency = "EUR") {
  const { courseId, videoIds } = await courseToLearn(server, token, [60], { title: `Paid course ${Math.random().toString(36).slice(2, 8)}`, priceCents, currency });
  return { courseId, videoId: videoIds[0]! };
}

/** A learner with a verified address, as buying needs. */
export const buyer = (server: TestServer) => signUp(server, { verified: true });

export const START_CHECKOUT = /* GraphQL */ `
  mutation ($courseId: ID!) {
    startCheckout(courseId: $courseId) { checkoutUrl clientSecret payment { id status amountCents currency provider providerReference } }
  }
`;

export interface StartedCheckout {
  /** The payment's global id. */
  paymentId: string;
  /** Its database id, as Stripe's metadata carries it. */
  paymentRowId: string;
  checkoutUrl: string;
  session: PeerCheckoutSession;
}

/** The learner starts a checkout of the course; answers it with the Checkout Session the peer made for it. */
export async function checkout(setup: StripeSetup, learner: TestAccount, courseId: string): Promise<StartedCheckout> {
  const result = await setup.server.graphql(START_CHECKOUT, { courseId }, { token: learner.accessToken });
  const started = result.data?.startCheckout;
  if (!started) throw new Error(`startCheckout failed: ${JSON.stringify(result.errors)}`);
  const session = setup.peer.sessions.get(started.payment.providerReference);
  if (!session) throw new Error(`the peer has no session ${started.payment.providerReference}`);
  return { paymentId: started.payment.id, paymentRowId: databaseId(started.payment.id), checkoutUrl: started.checkoutUrl, session };
}

/** The payment as stored. */
export const paymentRow = (server: TestServer, paymentRowId: string) => server.db.payment.findUniqueOrThrow({ where: { id: paymentRowId } });

const ACCESS = /* GraphQL */ `
  query ($courseId: ID!) {
    course(id: $courseId) { videos { playback { url } } }
    myEnrollments(first: 100) { nodes { status source course { id } } }
  }
`;

export interface Access {
  /** The learner's enrollment in the course, if any. */
  enrollment: { status: string; source: string } | null;
  /** Whether the course's video plays for them. */
  canWatch: boolean;
}

/** What the learner may do in the course now, as the API tells them. */
export async function accessOf(server: TestServer, learner: TestAccount, courseId: string): Promise<Access> {
  const result = await server.graphql(ACCESS, { courseId }, { token: learner.accessToken });
  if (result.errors) throw new Error(`access query failed: ${JSON.stringify(result.errors)}`);
  const enrollment = (result.data!.myEnrollments.nodes as { status: string; source: string; course: { id: string } }[]).find((node) => node.course.id === courseId);
  return {
    enrollment: enrollment ? { status: enrollment.status, source: enrollment.source } : null,
    canWatch: Boolean(result.data!.course?.videos[0]?.playback?.url),
  };
}

/** The payment's recorded provider events. */
export const paymentEvents = (server: TestServer, paymentRowId: string) => server.db.paymentEvent.findMany({ where: { paymentId: paymentRowId }, orderBy: { recordedAt: "asc" } });

/** Waits until every domain event so far reached its listeners (none failed), so their effects are all in. */
export async function allEventsHandled(server: TestServer): Promise<void> {
  await waitUntil("the domain events' listeners", async () => (await server.db.domainEvent.count({ where: { settledAt: null } })) === 0);
  expect(await server.db.domainEventDelivery.count({ where: { failedAt: { not: null } } })).toBe(0);
}
