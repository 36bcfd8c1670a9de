// identity: users, profiles, sessions and roles.
import type { Module } from "../../platform/module.ts";
import { AuthResolver } from "./auth.resolver.ts";
import { ensureConfiguredAdmin } from "./bootstrap-admin.ts";
import { identityRules } from "./identity.rules.ts";
import { UserResolver } from "./user.resolver.ts";
import { findUser } from "./user.service.ts";

export { authenticateBearer } from "./authenticate.ts";
export { hashPassword } from "./passwords.ts";

export const identity: Module = {
  name: "identity",
  resolvers: [AuthResolver, UserResolver],
  rules: identityRules,
  nodes: { User: findUser },
  start: ensureConfiguredAdmin,
};
