import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { CloseCode, createClient, type Client } from "graphql-ws";
import { accessTokenForRequest, currentAccessToken, onAccessTokenReplaced } from "../../auth/session";

/**
 * A close code graphql-ws treats as retryable (not 1xxx, not one of its fatal 44xx/45xx): the
 * client reconnects after its first retry wait and subscribes again to every running subscription.
 */
const CLIENT_RESTART = 4205;

let openSocket: WebSocket | null = null;
/** The access token the open socket sent in connection_init: the server goes on checking that one. */
let openSocketAccessToken: string | null = null;
/** The access token the socket being set up is sending. */
let connectingAccessToken: string | null = null;
/** The last socket was closed because its credentials ended: the next connection catches up. */
let closedForCredentials = false;
/** The last socket was closed by reconnectSubscriptions: the next connection starts at once. */
let restartRequested = false;
const reconnectListeners = new Set<() => void>();

function socketUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${window.location.host}/graphql`;
}

/**
 * graphql-ws's own backoff (2^retries s plus 0.3–3 s) for lost connections; a restart this
 * client asked for reconnects at once, so renewing a token leaves no gap in the subscriptions.
 */
async function waitBeforeReconnecting(retries: number): Promise<void> {
  if (restartRequested) {
    restartRequested = false;
    return;
  }
  const delayMs = 2 ** retries * 1_000 + 300 + Math.floor(Math.random() * 2_700);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
}

const socketClient = createClient({
  url: socketUrl,
  retryWait: waitBeforeReconnecting,
  // Evaluated on every (re)connection, so a reconnect carries a fresh token.
  connectionParams: async () => {
    const accessToken = await accessTokenForRequest();
    connectingAccessToken = accessToken;
    return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  },
  on: {
    connected: (socket, _payload, wasRetry) => {
      openSocket = socket as WebSocket;
      openSocketAccessToken = connectingAccessToken;
      if (wasRetry || closedForCredentials) for (const listener of reconnectListeners) listener();
      closedForCredentials = false;
      // Renewed while this socket was being set up.
      restartIfTokenReplaced();
    },
    closed: (event) => {
      openSocket = null;
      openSocketAccessToken = null;
      closedForCredentials = (event as CloseEvent | undefined)?.code === CloseCode.Unauthorized;
    },
  },
});

function isUnauthorizedClose(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === CloseCode.Unauthorized;
}

/**
 * The server checks a socket's credentials for every operation and event, and closes it with
 * 4401 (Unauthorized) once the session, API key or access token has ended. graphql-ws ends every
 * subscription of that socket with the close event: hand them on as an UNAUTHENTICATED refusal,
 * so renewOnUnauthenticatedLink renews the session and subscribes again, on a new socket whose
 * connectionParams carry the new token.
 */
const renewableClient: Client = {
  ...socketClient,
  subscribe: (payload, sink) =>
    socketClient.subscribe(payload, {
      ...sink,
      error: (error) =>
        sink.error(
          isUnauthorizedClose(error)
            ? [{ message: "The session or access token has ended.", extensions: { code: "UNAUTHENTICATED" } }]
            : error,
        ),
    }),
};

export const subscriptionLink = new GraphQLWsLink(renewableClient);

/**
 * A socket speaks for the credentials it connected with: after the user
 * changes, reconnect so that running subscriptions continue as the new user.
 */
export function reconnectSubscriptions(): void {
  if (openSocket?.readyState !== WebSocket.OPEN) return;
  restartRequested = true;
  openSocket.close(CLIENT_RESTART, "Client Restart");
  openSocket = null;
}

/**
 * The server checks a socket's token for every operation and event, and closes the socket with
 * 4401 at the first one after that token's expiry: that event would be lost. A socket whose
 * token was replaced (renewed) reconnects at once instead, with the new token. The new socket
 * sends the token current then, so it is not restarted again until the next replacement. With no
 * socket open, nothing happens: the next one connects with the current token.
 */
function restartIfTokenReplaced(): void {
  if (openSocketAccessToken !== null && openSocketAccessToken !== currentAccessToken()) reconnectSubscriptions();
}

onAccessTokenReplaced(restartIfTokenReplaced);

/**
 * Events published while the socket was down are not replayed: after a reconnection, listeners
 * reload what they show (the Apollo client refetches its active queries).
 */
export function onSubscriptionsReconnected(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}
