// Who may use the identity module's operations and see its types.
import type { InstructorApplication as ApplicationRow, SupportView as SupportViewRow } from "../../generated/prisma/client.ts";
import { and, everyone, hasRole, hasScope, isNotApiKey, isPersonalSession, type RuleMap } from "../../platform/authorization.ts";
import { policyRule } from "../../platform/policy.ts";
import { supportViewPolicy } from "./support-view.policy.ts";
import { instructorApplicationPolicy, TEACHING_ROLES } from "./user.policy.ts";

// No API key scope covers user administration or a person's own account (sessions, passwords,
// keys): those need a person. Signing in and out, resetting a password and verifying an email
// address with a mailed link need no session.
const isAdminInPerson = and(isPersonalSession, hasRole("ADMIN"));

/** Instructors and admins, in person or through a key with the courses:write scope. */
export const teaches = and(hasRole(...TEACHING_ROLES), hasScope("courses:write"));

/** Its applicant and admins, wherever an application is reached. */
const readsApplication = policyRule("readsInstructorApplication", instructorApplicationPolicy.read, (application) => application as ApplicationRow);

/** The account it showed, its admin and the view itself, wherever a support view is reached. */
const readsSupportView = policyRule("readsSupportView", supportViewPolicy.read, (view) => view as SupportViewRow);

export const identityRules: RuleMap = {
  Query: {
    // Anonymous callers get null rather than an error: "nobody is signed in" is an answer.
    me: everyone,
    users: isAdminInPerson,
    instructorByEmail: teaches,
    instructorApplications: isAdminInPerson,
    myInstructorApplication: isPersonalSession,
    apiKeys: isPersonalSession,
    // The sign-in page's, before anyone signs in; empty outside development (demo-accounts.ts).
    demoAccounts: isNotApiKey,
    mySupportViews: isPersonalSession,
  },
  Mutation: {
    signUp: isNotApiKey,
    signIn: isNotApiKey,
    refreshSession: isNotApiKey,
    signOut: isNotApiKey,
    requestPasswordReset: isNotApiKey,
    resetPassword: isNotApiKey,
    // The mailed token is the proof, so no session is needed; a key manages no account.
    verifyEmail: isNotApiKey,
    resendEmailVerification: isPersonalSession,
    updateProfile: isPersonalSession,
    applyToTeach: and(isPersonalSession, hasRole("STUDENT")),
    reviewInstructorApplication: isAdminInPerson,
    setUserRole: isAdminInPerson,
    createApiKey: isPersonalSession,
    revokeApiKey: isPersonalSession,
    // Every mutation is refused inside a support view (platform/schema.ts) but ending it.
    startSupportView: isAdminInPerson,
    endSupportView: isPersonalSession,
  },
  // Users are shown wherever a field that returns them is allowed; User.email answers null to
  // whom userPolicy.seeEmail refuses, since a list of users is readable without it. Keys are
  // reached only through the fields above and Query.node, whose fetcher checks ownership; a key
  // reads no keys. Applications, reached the same way, are also checked by their policy.
  User: everyone,
  UserConnection: everyone,
  UserEdge: everyone,
  Profile: everyone,
  AuthPayload: everyone,
  DemoAccount: isNotApiKey,
  InstructorApplication: readsApplication,
  InstructorApplicationConnection: everyone,
  InstructorApplicationEdge: everyone,
  ApiKey: isPersonalSession,
  CreatedApiKey: isPersonalSession,
  SupportView: readsSupportView,
  SupportViewConnection: everyone,
  SupportViewEdge: everyone,
  SupportViewAccess: isAdminInPerson,
};
