// A user edits their own profile; email addresses stay private.
import { signUp } from "./identity.fixtures.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";

const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateProfileInput!) { updateProfile(input: $input) { id email profile { displayName avatarUrl bio } } }
`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH_IP_LIMIT_PER_MINUTE: "1000" });
});
afterAll(() => server.close());

it("updates only the given fields of the caller's own profile, and clears with empty strings", async () => {
  const account = await signUp(server, { displayName: "Before" });
  const first = await server.graphql(UPDATE, { input: { bio: "I teach rust.", avatarUrl: "https://cdn.example.com/a.png" } }, { token: account.accessToken });
  expect(first.data!.updateProfile.profile).toEqual({ displayName: "Before", avatarUrl: "https://cdn.example.com/a.png", bio: "I teach rust." });
  const second = await server.graphql(UPDATE, { input: { displayName: "After", bio: "" } }, { token: account.accessToken });
  expect(second.data!.updateProfile.profile).toEqual({ displayName: "After", avatarUrl: "https://cdn.example.com/a.png", bio: null });
});

it.each([
  ["a javascript: avatar URL", { avatarUrl: "javascript:alert(1)" }, "avatarUrl"],
  ["an avatar URL that is not a URL", { avatarUrl: "not a url" }, "avatarUrl"],
  ["an http avatar URL", { avatarUrl: "http://cdn.example.com/a.png" }, "avatarUrl"],
  ["an oversized bio", { bio: "b".repeat(2001) }, "bio"],
  ["an empty display name", { displayName: "" }, "displayName"],
  ["a display name of spaces", { displayName: "    " }, "displayName"],
])("refuses %s with BAD_USER_INPUT and changes nothing", async (_case, input, field) => {
  const account = await signUp(server, { displayName: "Unchanged" });
  const result = await server.graphql(UPDATE, { input: { bio: "should not be saved", ...input } }, { token: account.accessToken });
  expect(result.errors![0].extensions.code).toBe("BAD_USER_INPUT");
  expect(result.errors![0].extensions.fields).toHaveProperty(field);
  const profile = await server.db.profile.findFirstOrThrow({ where: { user: { email: account.email } } });
  expect(profile).toMatchObject({ displayName: "Unchanged", avatarUrl: null, bio: null });
});

it("says an avatar URL must start with https://", async () => {
  const account = await signUp(server);
  const result = await server.graphql(UPDATE, { input: { avatarUrl: "http://cdn.example.com/a.png" } }, { token: account.accessToken });
  expect(result.errors![0].extensions.fields).toEqual({ avatarUrl: "must be a web address starting with https://" });
});

it("shows a user's email to themself and hides it from others", async () => {
  const owner = await signUp(server);
  const other = await signUp(server);
  const query = `query Node($id: ID!) { node(id: $id) { ... on User { id email profile { displayName } } } }`;
  expect((await server.graphql(query, { id: owner.id }, { token: owner.accessToken })).data!.node.email).toBe(owner.email);
  const seenByOther = await server.graphql(query, { id: owner.id }, { token: other.accessToken });
  expect(seenByOther.data!.node).toMatchObject({ id: owner.id, email: null });
});
