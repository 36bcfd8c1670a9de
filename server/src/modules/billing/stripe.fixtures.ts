// Factories for the Stripe tests: a server whose payments are Stripe's, pointed at the tests'
// Stripe peer (real SDK, loopback), checkouts through the public API with the Checkout Session the
// peer made, and a learner's enrollment and access in a course now. Paid courses and buyers are
// billing.fixtures.ts'.
import { databaseId } from "../../../test/support/ids.ts";
import { startStripePeer, type PeerCheckoutSession, type StripePeer } from "../../../test/support/stripe-peer.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import type { TestAccount } from "../identity/identity.fixtures.ts";
import { START_CHECKOUT } from "./billing.fixtures.ts";

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
export const storedPayment = (server: TestServer, paymentRowId: string) => server.db.payment.findUniqueOrThrow({ where: { id: paymentRowId } });

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
export async function accessInCourse(server: TestServer, learner: TestAccount, courseId: string): Promise<Access> {
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
