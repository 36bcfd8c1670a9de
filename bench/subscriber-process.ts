// A load process for the subscriptions scenario: opens graphql-ws sockets to the API, one
// courseProgressFeed subscription on each, and notes when each event reaches each socket. The
// scenario sends it messages over IPC: `open` (how many more sockets), `report` (the arrivals so
// far, then forgotten) and `close`.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export type SubscriberCommand = { kind: "open"; count: number } | { kind: "report" } | { kind: "close" };

export type SubscriberReply =
  | { kind: "opened"; sockets: number; failed: number }
  /** For each event (its `at`), when it reached each socket (Date.now()). */
  | { kind: "arrivals"; arrivals: Record<string, number[]>; errors: number }
  | { kind: "closed" };

const FEED = /* GraphQL */ `subscription BenchFeed($courseId: ID!) { courseProgressFeed(courseId: $courseId) { at } }`;
/** Sockets opened at once: each one's sign-in is a database read on the server. */
const OPENING_AT_ONCE = 50;

const { API_URL, ACCESS_TOKEN, COURSE_ID } = process.env as Record<string, string>;
const clients: Client[] = [];
let arrivals: Record<string, number[]> = {};
let errors = 0;

function send(reply: SubscriberReply): void {
  process.send!(reply);
}

/** One socket with its subscription; resolves once the server has accepted the connection. */
function openOne(): Promise<boolean> {
  return new Promise((resolve) => {
    const client = createClient({
      url: `${API_URL.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ACCESS_TOKEN}` },
      lazy: false,
      retryAttempts: 0,
      on: { connected: () => resolve(true), closed: () => resolve(false) },
    });
    clients.push(client);
    client.subscribe<{ courseProgressFeed: { at: string } }>(
      { query: FEED, variables: { courseId: COURSE_ID } },
      {
        next: (message) => {
          const at = message.data?.courseProgressFeed.at;
          if (at) (arrivals[at] ??= []).push(Date.now());
          else errors += 1;
        },
        error: () => (errors += 1),
        complete: () => undefined,
      },
    );
  });
}

async function open(count: number): Promise<void> {
  let failed = 0;
  for (let start = 0; start < count; start += OPENING_AT_ONCE) {
    const batch = await Promise.all(Array.from({ length: Math.min(OPENING_AT_ONCE, count - start) }, openOne));
    failed += batch.filter((connected) => !connected).length;
  }
  send({ kind: "opened", sockets: clients.length, failed });
}

process.on("message", (command: SubscriberCommand) => {
  if (command.kind === "open") void open(command.count);
  else if (command.kind === "report") {
    send({ kind: "arrivals", arrivals, errors });
    arrivals = {};
    errors = 0;
  } else {
    void Promise.all(clients.map((client) => client.dispose())).then(() => {
      send({ kind: "closed" });
      process.exit(0);
    });
  }
});
