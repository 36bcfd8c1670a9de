// Counting the SQL statements of a list query, for the tests that show a page of 10 costs as many
// statements as a page of 2 (no N+1).
import type { TestServer } from "./test-server.ts";

/** The statements one request costs, and its list (at `listOf`), checked to hold `first` items. */
export async function statementsFor(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  token: string,
  listOf: (data: any) => any[],
): Promise<{ statements: number; items: any[] }> {
  let items: any[] = [];
  const statements = await server.countQueries(async () => {
    const result = await server.graphql(query, variables, { token });
    expect(result.errors).toBeUndefined();
    items = listOf(result.data);
  });
  expect(items).toHaveLength(variables.first as number);
  return { statements, items };
}
