// GraphQL over HTTP for the bench: one-off calls to seed data, and load specs for autocannon.
import type { LoadSpec } from "./load.ts";
import type { BenchContext } from "./scenario.ts";

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export function graphqlHeaders(token?: string): Record<string, string> {
  return { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** A GraphQL response is a success when it has data and no errors, even partial ones. */
export function isGraphQLSuccess(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as GraphQLBody<unknown>;
    return !parsed.errors?.length && parsed.data != null;
  } catch {
    return false;
  }
}

/** Calls the API once; throws with the server's errors when the call does not succeed. */
export async function callGraphQL<T>(
  context: BenchContext,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch(`${context.apiUrl}/graphql`, {
    method: "POST",
    headers: graphqlHeaders(token),
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  if (response.status !== 200 || !isGraphQLSuccess(text)) {
    throw new Error(`GraphQL call failed (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  return (JSON.parse(text) as GraphQLBody<T>).data as T;
}

export interface GraphQLLoad {
  name: string;
  connections: number;
  durationSeconds: number;
  query: string;
  /** Variables that connection number `index` sends with every request. */
  variablesFor(index: number): Record<string, unknown>;
  /** Bearer token of connection number `index`, if it signs its requests. */
  tokenFor?(index: number): string;
}

export function graphqlLoadSpec(context: BenchContext, load: GraphQLLoad): LoadSpec {
  return {
    name: load.name,
    url: `${context.apiUrl}/graphql`,
    method: "POST",
    connections: load.connections,
    durationSeconds: context.durationOverride ?? load.durationSeconds,
    requestFor: (index) => ({
      headers: graphqlHeaders(load.tokenFor?.(index)),
      body: JSON.stringify({ query: load.query, variables: load.variablesFor(index) }),
    }),
    isSuccess: isGraphQLSuccess,
  };
}
