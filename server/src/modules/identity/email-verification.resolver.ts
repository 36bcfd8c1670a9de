import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import * as emailVerification from "./email-verification.service.ts";
import { User } from "./user.type.ts";

@Resolver()
export class EmailVerificationResolver {
  @Mutation(() => User, {
    description: "Marks the address of the account the mailed link was sent to as verified; the link works once. Needs no session.",
  })
  verifyEmail(@Arg("token", () => String) token: string, @Ctx() context: Context) {
    return emailVerification.verifyEmail(context, token);
  }

  @Mutation(() => Boolean, {
    description: "Mails the signed-in user a new verification link. Throttled per account and per client address.",
  })
  resendEmailVerification(@Ctx() context: Context) {
    return emailVerification.resendEmailVerification(context);
  }
}
