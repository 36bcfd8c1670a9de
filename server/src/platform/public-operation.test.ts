// Which operations the public response cache may share, decided from the query text.
import { buildSchema, parse } from "graphql";
import { publicOperationCheck } from "./public-operation.ts";

const schema = buildSchema(/* GraphQL */ `
  interface Node { id: ID! }
  type Course implements Node { id: ID! title: String! owner: User! playback: String }
  type User implements Node { id: ID! name: String! email: String }
  union Result = Course | User
  type Query { courses: [Course!]! me: User node(id: ID!): Node search: [Result!]! }
  type Mutation { touch: Course }
`);
const isPublic = publicOperationCheck(schema, new Set(["Query.courses", "Query.search", "Course.id", "Course.title", "Course.owner", "User.id", "User.name"]));
const check = (query: string, operationName?: string) => isPublic(parse(query), operationName);

it("shares queries made only of public fields, through aliases, fragments and __typename", () => {
  expect(check(`{ courses { id title owner { id name } } }`)).toBe(true);
  expect(check(`{ list: courses { __typename heading: title } }`)).toBe(true);
  expect(check(`query { courses { ...Card } } fragment Card on Course { id owner { ...Person } } fragment Person on User { name }`)).toBe(true);
  expect(check(`{ search { __typename ... on Course { title } ... on User { name } } }`)).toBe(true);
});

it("keeps private any query that touches a field left out, at any depth or in any fragment", () => {
  expect(check(`{ courses { id playback } }`)).toBe(false);
  expect(check(`{ courses { owner { email } } }`)).toBe(false);
  expect(check(`{ courses { ...Card } } fragment Card on Course { owner { ... on User { email } } }`)).toBe(false);
  expect(check(`{ node(id: "1") { id } }`)).toBe(false);
  expect(check(`{ courses { id } __schema { queryType { name } } }`)).toBe(false);
  expect(check(`{ search { ... on User { email } } }`)).toBe(false);
});

it("never shares mutations, and picks the named operation of several", () => {
  expect(check(`mutation { touch { id } }`)).toBe(false);
  const document = `query Public { courses { id } } query Private { courses { playback } }`;
  expect(check(document, "Public")).toBe(true);
  expect(check(document, "Private")).toBe(false);
  expect(check(document)).toBe(false);
  expect(check(`query A { courses { id } }`, "Missing")).toBe(false);
});

it("answers the same for the same parsed document, from its memo", () => {
  const document = parse(`{ courses { id } }`);
  expect(isPublic(document, undefined)).toBe(true);
  expect(isPublic(document, null)).toBe(true);
});
