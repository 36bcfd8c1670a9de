// Who may use the identity module's operations and see its types.
import { and, everyone, hasRole, hasScope, isNotApiKey, isPersonalSession, type RuleMap } from "../../platform/authorization.ts";

// No API key scope covers user administration or a person's own account (sessions, passwords,
// keys): those need a person. Signing in and out, resetting a password and verifying an email
// address with a mailed link need no session.
const isAdminInPerson = and(isPersonalSession, hasRole("ADMIN"));

/** Instructors and admins, in person or through a key with the courses:write scope. */
export const teaches = and(hasRole("INSTRUCTOR", "ADMIN"), hasScope("courses:write"));

export const identityRules: RuleMap = {
  Query: {
    // Anonymous callers get null rather than an error: "nobody is signed in" is an answer.
    me: everyone,
    users: isAdminInPerson,
    instructorByEmail: teaches,
    instructorApplications: isAdminInPerson,
    myInstructorApplication: isPersonalSession,
    apiKeys: isPersonalSession,
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
  },
  // Field-level privacy (User.email) is decided in the service; users are shown wherever a
  // field that returns them is allowed. Applications and keys are reached only through the
  // fields above and Query.node, whose fetchers check ownership; a key reads no keys.
  User: everyone,
  UserConnection: everyone,
  UserEdge: everyone,
  Profile: everyone,
  AuthPayload: everyone,
  InstructorApplication: everyone,
  InstructorApplicationConnection: everyone,
  InstructorApplicationEdge: everyone,
  ApiKey: isPersonalSession,
  CreatedApiKey: isPersonalSession,
};
