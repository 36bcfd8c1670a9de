// identity: users, profiles, sessions, roles, instructor applications and partner API keys.
import type { Profile, User as UserRow } from "../../generated/prisma/client.ts";
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./identity.reasons.ts";
import { fieldCoordinates, type Module } from "../../platform/module.ts";
import { ApiKeyResolver } from "./api-key.resolver.ts";
import { findOwnApiKey } from "./api-key.service.ts";
import { AuthResolver } from "./auth.resolver.ts";
import { ensureConfiguredAdmin } from "./bootstrap-admin.ts";
import { EmailVerificationResolver } from "./email-verification.resolver.ts";
import { identityRules } from "./identity.rules.ts";
export { teaches } from "./identity.rules.ts";
import { InstructorApplicationResolver } from "./instructor-application.resolver.ts";
import { findVisibleApplication } from "./instructor-application.service.ts";
import { SupportViewResolver } from "./support-view.resolver.ts";
import { findVisibleSupportView } from "./support-view.service.ts";
import { UserAdminResolver } from "./user-admin.resolver.ts";
import { UserResolver } from "./user.resolver.ts";
import { findUser } from "./user.service.ts";

export { API_KEY_SCOPES, type ApiKeyScope } from "./api-key.scopes.ts";
export { authenticateBearer } from "./authenticate.ts";
export { DEMO_ACCOUNTS } from "./demo-accounts.ts";
export { requireVerifiedEmail } from "./email-verification.service.ts";
export { hashPassword } from "./passwords.ts";
export { signInsOf, type SignInRecord } from "./sign-in-history.ts";
export { findUser, profileOf } from "./user.service.ts";
export { isAdmin, teachesCourses } from "./user.policy.ts";
export { User } from "./user.type.ts";
export type { User as UserRow } from "../../generated/prisma/client.ts";

export const identity: Module = {
  name: "identity",
  resolvers: [AuthResolver, EmailVerificationResolver, UserResolver, UserAdminResolver, InstructorApplicationResolver, ApiKeyResolver, SupportViewResolver],
  rules: identityRules,
  supportViewMutations: ["endSupportView"],
  nodes: { User: findUser, InstructorApplication: findVisibleApplication, ApiKey: findOwnApiKey, SupportView: findVisibleSupportView },
  publicFields: [...fieldCoordinates("User", ["id", "profile"]), ...fieldCoordinates("Profile", ["displayName", "avatarUrl", "bio"])],
  publicScopes: { User: (user: UserRow) => `user:${user.id}`, Profile: (profile: Profile) => `user:${profile.userId}` },
  start: ensureConfiguredAdmin,
};
