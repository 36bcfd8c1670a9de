import { MaxLength } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { User } from "./user.type.ts";

export const EMAIL_MAX = 254;

@ObjectType()
export class AuthPayload {
  @Field({ description: "Short-lived JWT for the Authorization header." })
  accessToken!: string;
  @Field({
    description:
      "Opaque, single-use: each refresh returns a new one and retires the old; reuse of a retired one revokes the whole session.",
  })
  refreshToken!: string;
  @Field() accessTokenExpiresAt!: Date;
  @Field(() => User) user!: User;
}

@InputType()
export class SignUpInput {
  /** Trimmed and checked by the service, so " Ada@Example.com " is accepted. */
  @Field()
  @MaxLength(EMAIL_MAX, { message: `must be at most ${EMAIL_MAX} characters long` })
  email!: string;

  /** Checked by the service, the one place the password policy lives. */
  @Field()
  password!: string;

  /** Checked by parseDisplayName, so a name of spaces is refused rather than stored empty. */
  @Field()
  displayName!: string;
}

@InputType()
export class SignInInput {
  @Field()
  @MaxLength(EMAIL_MAX, { message: `must be at most ${EMAIL_MAX} characters long` })
  email!: string;

  @Field()
  password!: string;
}
