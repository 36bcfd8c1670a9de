// Who may use the identity module's operations and see its types.
import { everyone, isPersonalSession, type RuleMap } from "../../platform/authorization.ts";

export const identityRules: RuleMap = {
  Query: {
    // Anonymous callers get null rather than an error: "nobody is signed in" is an answer.
    me: everyone,
  },
  Mutation: {
    signUp: everyone,
    signIn: everyone,
    refreshSession: everyone,
    signOut: everyone,
    requestPasswordReset: everyone,
    resetPassword: everyone,
    updateProfile: isPersonalSession,
  },
  // Field-level privacy (User.email) is decided in the service; users are shown wherever a
  // field that returns them is allowed.
  User: everyone,
  Profile: everyone,
  AuthPayload: everyone,
};
