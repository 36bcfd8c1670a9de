// GraphQL over HTTP from a chosen loopback address (127.0.0.2, 127.0.0.3, ...): the server sees a
// different client address per caller, as it would from people on different networks.
import { request } from "node:http";
import type { GraphQLResponse, TestServer } from "./test-server.ts";

export interface SourcedResponse<T = Record<string, any>> extends GraphQLResponse<T> {
  headers: Headers;
}

/** The n-th loopback address past 127.0.0.1, for n from 1 to 254. */
export const loopbackAddress = (n: number) => `127.0.0.${n + 1}`;

export function graphqlFrom<T = Record<string, any>>(
  server: TestServer,
  sourceAddress: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<SourcedResponse<T>> {
  const url = new URL(`${server.url}/graphql`);
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: sourceAddress,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          try {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
            }
            const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Omit<GraphQLResponse<T>, "status">;
            resolve({ status: response.statusCode ?? 0, headers, ...parsed });
          } catch (error) {
            reject(error);
          }
        });
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
