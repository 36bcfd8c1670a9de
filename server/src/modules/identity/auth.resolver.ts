import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { AuthPayload, SignInInput, SignUpInput } from "./auth.type.ts";
import { DemoAccount, demoAccounts } from "./demo-accounts.ts";
import * as auth from "./auth.service.ts";
import * as passwordReset from "./password-reset.service.ts";
import { rotateRefreshToken, type IssuedSession } from "./session.service.ts";
import { getUser } from "./user.service.ts";

/** The rest of the operation acts as the user who just proved who they are (their email shows, say). */
async function payload(context: Context, session: IssuedSession) {
  const { userId, sessionId, ...tokens } = session;
  const user = await getUser(context, userId);
  context.viewer = { userId, role: user.role, sessionId };
  return { ...tokens, user };
}

@Resolver()
export class AuthResolver {
  @Query(() => [DemoAccount], { description: "The demo accounts to sign in as with one click: in development with the demo data only; empty elsewhere." })
  demoAccounts(@Ctx() context: Context) {
    return demoAccounts(context);
  }

  @Mutation(() => AuthPayload)
  async signUp(@Arg("input", () => SignUpInput) input: SignUpInput, @Ctx() context: Context) {
    return payload(context, await auth.signUp(context, input));
  }

  @Mutation(() => AuthPayload)
  async signIn(@Arg("input", () => SignInInput) input: SignInInput, @Ctx() context: Context) {
    return payload(context, await auth.signIn(context, input));
  }

  @Mutation(() => AuthPayload)
  async refreshSession(@Arg("refreshToken", () => String) refreshToken: string, @Ctx() context: Context) {
    return payload(context, await rotateRefreshToken(context, refreshToken));
  }

  @Mutation(() => Boolean, {
    description: "Revokes the session of this refresh token, or, with everywhere, every session of the user.",
  })
  signOut(
    @Arg("refreshToken", () => String, { nullable: true }) refreshToken: string | null,
    @Arg("everywhere", () => Boolean, { nullable: true }) everywhere: boolean | null,
    @Ctx() context: Context,
  ) {
    return auth.signOut(context, refreshToken, everywhere);
  }

  @Mutation(() => Boolean)
  requestPasswordReset(@Arg("email", () => String) email: string, @Ctx() context: Context) {
    return passwordReset.requestPasswordReset(context, email);
  }

  @Mutation(() => Boolean)
  resetPassword(
    @Arg("token", () => String) token: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() context: Context,
  ) {
    return passwordReset.resetPassword(context, token, newPassword);
  }
}
