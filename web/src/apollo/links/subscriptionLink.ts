import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { createClient } from "graphql-ws";
import { accessTokenForRequest } from "../../auth/session";

/** Close code graphql-ws treats as retryable: the client reconnects at once. */
const CLIENT_RESTART = 4205;

let openSocket: WebSocket | null = null;
const reconnectListeners = new Set<() => void>();

function socketUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${window.location.host}/graphql`;
}

const socketClient = createClient({
  url: socketUrl,
  // Evaluated on every (re)connection, so a reconnect carries a fresh token.
  connectionParams: async () => {
    const accessToken = await accessTokenForRequest();
    return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  },
  on: {
    connected: (socket, _payload, wasRetry) => {
      openSocket = socket as WebSocket;
      if (wasRetry) for (const listener of reconnectListeners) listener();
    },
    closed: () => {
      openSocket = null;
    },
  },
});

export const subscriptionLink = new GraphQLWsLink(socketClient);

/**
 * The server authenticates a socket once, when it connects: after the user
 * changes, reconnect so that running subscriptions continue as the new user.
 */
export function reconnectSubscriptions(): void {
  openSocket?.close(CLIENT_RESTART, "Client Restart");
}

/**
 * Events published while the socket was down are not replayed: after a reconnection, listeners
 * reload what they show (the Apollo client refetches its active queries).
 */
export function onSubscriptionsReconnected(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}
