// The identity module's rows of the authorization matrix (run by test/authorization.test.ts).
import { randomBytes } from "node:crypto";
import {
  allowOnly,
  KEYS,
  PEOPLE,
  TEACHES,
  type AccessRow,
  type AccessWorld,
  type MatrixActor,
} from "../../../test/support/access-matrix.ts";
import { personOf, signUp, uniqueEmail } from "./identity.fixtures.ts";
import { mailedToken } from "../../../test/support/mailbox.ts";

const everyone = allowOnly("anonymous", "student", "owner", "otherInstructor", "admin", ...KEYS);
/** Signing in and out and passwords: no API key, whatever its scopes, manages an account. */
const anyoneButKeys = allowOnly("anonymous", ...PEOPLE);
const peopleInPerson = allowOnly("student", "owner", "otherInstructor", "admin");
const adminInPerson = allowOnly("admin");

/** The person behind an actor: itself, a key's owner, or (for anonymous) a new account. */
async function accountOf(world: AccessWorld, actor: MatrixActor) {
  const person = personOf(actor);
  return person ? world.cast[person] : world.newAccount();
}

const SIGN_IN = /* GraphQL */ `
  mutation ($input: SignInInput!) { signIn(input: $input) { refreshToken } }
`;

/** A second session of the actor's person, so ending it leaves the actor's own session open. */
async function spareRefreshToken(world: AccessWorld, actor: MatrixActor): Promise<string> {
  const person = await accountOf(world, actor);
  const result = await world.server.graphql(SIGN_IN, { input: { email: person.email, password: person.password } });
  return result.data!.signIn.refreshToken;
}

const START_SUPPORT_VIEW = /* GraphQL */ `
  mutation ($input: StartSupportViewInput!) { startSupportView(input: $input) { supportView { id } } }
`;

const APPLY = /* GraphQL */ `
  mutation ($input: InstructorApplicationInput!) { applyToTeach(input: $input) { id } }
`;

export const accessRows: AccessRow[] = [
  { operation: "Query.me", document: `query { me { id } }`, verdicts: everyone },
  {
    operation: "Query.node",
    document: `query ($id: ID!) { node(id: $id) { id } }`,
    variables: (world) => ({ id: world.cast.student.id }),
    verdicts: everyone,
  },
  // The platform's own query (platform/features.ts), kept here beside Query.node: modules alone have rows files.
  { operation: "Query.platformFeatures", document: `query { platformFeatures { payments tutor } }`, verdicts: everyone },
  { operation: "Query.users", document: `query { users(first: 1) { totalCount } }`, verdicts: adminInPerson },
  { operation: "Query.demoAccounts", document: `query { demoAccounts { email } }`, verdicts: anyoneButKeys },
  {
    operation: "Query.instructorByEmail",
    document: `query ($email: String!) { instructorByEmail(email: $email) { id } }`,
    variables: (world) => ({ email: world.cast.otherInstructor.email }),
    verdicts: TEACHES,
  },
  {
    operation: "Query.instructorApplications",
    document: `query { instructorApplications(status: PENDING) { totalCount } }`,
    verdicts: adminInPerson,
  },
  { operation: "Query.myInstructorApplication", document: `query { myInstructorApplication { id } }`, verdicts: peopleInPerson },
  { operation: "Query.apiKeys", document: `query { apiKeys { id } }`, verdicts: peopleInPerson },
  { operation: "Query.mySupportViews", document: `query { mySupportViews(first: 1) { totalCount } }`, verdicts: peopleInPerson },
  {
    operation: "Mutation.signUp",
    document: `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } } }`,
    variables: () => ({ input: { email: uniqueEmail("matrix"), password: `pw-${randomBytes(8).toString("hex")}`, displayName: "M" } }),
    verdicts: anyoneButKeys,
  },
  {
    operation: "Mutation.signIn",
    document: SIGN_IN,
    variables: async (world) => {
      const account = await world.newAccount();
      return { input: { email: account.email, password: account.password } };
    },
    verdicts: anyoneButKeys,
  },
  {
    operation: "Mutation.refreshSession",
    document: `mutation ($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`,
    variables: async (world) => ({ token: (await world.newAccount()).refreshToken }),
    verdicts: anyoneButKeys,
  },
  {
    operation: "Mutation.signOut",
    document: `mutation ($token: String) { signOut(refreshToken: $token) }`,
    variables: async (world, actor) => ({ token: await spareRefreshToken(world, actor) }),
    verdicts: anyoneButKeys,
  },
  {
    operation: "Mutation.requestPasswordReset",
    document: `mutation ($email: String!) { requestPasswordReset(email: $email) }`,
    variables: () => ({ email: uniqueEmail("nobody") }),
    verdicts: anyoneButKeys,
  },
  {
    operation: "Mutation.resetPassword",
    document: `mutation { resetPassword(token: "not-a-token", newPassword: "a long new password") }`,
    verdicts: anyoneButKeys,
  },
  {
    operation: "Mutation.verifyEmail",
    document: `mutation ($token: String!) { verifyEmail(token: $token) { emailVerified } }`,
    variables: async (world) => ({ token: await mailedToken(world.server, (await world.newAccount()).email, "verify-email") }),
    verdicts: anyoneButKeys,
  },
  // People whose address is not verified yet get a new link; the verified student hears CONFLICT, also an allowed answer.
  { operation: "Mutation.resendEmailVerification", document: `mutation { resendEmailVerification }`, verdicts: peopleInPerson },
  {
    operation: "Mutation.updateProfile",
    document: `mutation { updateProfile(input: { bio: "matrix" }) { id } }`,
    verdicts: peopleInPerson,
  },
  {
    operation: "Mutation.applyToTeach",
    document: APPLY,
    variables: () => ({ input: { headline: "Teacher", motivation: "I like teaching." } }),
    verdicts: allowOnly("student"),
  },
  {
    operation: "Mutation.reviewInstructorApplication",
    document: `mutation ($id: ID!) { reviewInstructorApplication(id: $id, decision: REJECT, note: "not yet") { status } }`,
    variables: async (world) => {
      const applicant = await signUp(world.server, { verified: true });
      const applied = await world.server.graphql(APPLY, { input: { headline: "H", motivation: "M" } }, { token: applicant.accessToken });
      return { id: applied.data!.applyToTeach.id };
    },
    verdicts: adminInPerson,
  },
  {
    operation: "Mutation.setUserRole",
    document: `mutation ($id: ID!) { setUserRole(userId: $id, role: INSTRUCTOR) { role } }`,
    variables: async (world) => ({ id: (await world.newAccount()).id }),
    verdicts: adminInPerson,
  },
  {
    operation: "Mutation.startSupportView",
    document: START_SUPPORT_VIEW,
    variables: async (world) => ({ input: { userId: (await world.newAccount()).id, reason: "The learner asked why a lesson is locked." } }),
    verdicts: adminInPerson,
  },
  {
    // The admin who started it may end it; to other people it does not exist.
    operation: "Mutation.endSupportView",
    document: `mutation ($id: ID!) { endSupportView(id: $id) { endedAt } }`,
    variables: async (world) => {
      const input = { userId: (await world.newAccount()).id, reason: "Checking the learner's page." };
      const started = await world.server.graphql(START_SUPPORT_VIEW, { input }, { token: world.cast.admin.accessToken });
      return { id: started.data!.startSupportView.supportView.id };
    },
    verdicts: { ...peopleInPerson, student: "hide", owner: "hide", otherInstructor: "hide" },
  },
  {
    operation: "Mutation.createApiKey",
    document: `mutation { createApiKey(name: "matrix", scopes: ["catalog:read"]) { secret } }`,
    verdicts: peopleInPerson,
  },
  {
    operation: "Mutation.revokeApiKey",
    document: `mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`,
    variables: async (world, actor) => {
      const owner = await accountOf(world, actor);
      const created = await world.server.graphql(
        `mutation { createApiKey(name: "to revoke", scopes: ["catalog:read"]) { apiKey { id } } }`,
        {},
        { token: owner.accessToken },
      );
      return { id: created.data!.createApiKey.apiKey.id };
    },
    verdicts: peopleInPerson,
  },
];
