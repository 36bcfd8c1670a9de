import { IsOptional, IsUrl, MaxLength } from "class-validator";
import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Role } from "../../generated/prisma/enums.ts";
import { badInput } from "../../platform/errors.ts";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";

registerEnumType(Role, { name: "Role" });

export const DISPLAY_NAME_MAX = 80;
export const BIO_MAX = 2_000;
export const URL_MAX = 2_048;

/** Counted after trimming, so a name of spaces is refused rather than stored empty. */
export function parseDisplayName(raw: string): string {
  const displayName = raw.trim();
  if (!displayName || displayName.length > DISPLAY_NAME_MAX) {
    throw badInput({ displayName: `must be 1 to ${DISPLAY_NAME_MAX} characters long, not counting spaces around it` });
  }
  return displayName;
}

/** An instructor's name on every course of a catalog page: see Course (catalog). */
@ObjectType({ simpleResolvers: true })
export class Profile {
  @Field() displayName!: string;
  @Field(() => String, { nullable: true }) avatarUrl!: string | null;
  @Field(() => String, { nullable: true }) bio!: string | null;
}

@ObjectType({ implements: Node })
export class User extends Node {
  @Field(() => String, { nullable: true, description: "Visible to the user themself and to admins only." })
  email!: string | null;
  @Field() emailVerified!: boolean;
  @Field(() => Role) role!: Role;
  @Field(() => Profile) profile!: Profile;
  @Field() createdAt!: Date;
}

@InputType()
export class UpdateProfileInput {
  /** Checked by parseDisplayName; null or absent leaves the name as it is. */
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(URL_MAX, { message: `must be at most ${URL_MAX} characters long` })
  // https only: the picture shows in every page's header, and an http one would be mixed content
  // on a site served over https.
  @IsUrl({ protocols: ["https"], require_protocol: true }, { message: "must be a web address starting with https://" })
  avatarUrl?: string | null;

  @Field(() => String, { nullable: true })
  @MultilineText()
  @IsOptional()
  @MaxLength(BIO_MAX, { message: `must be at most ${BIO_MAX} characters long` })
  bio?: string | null;
}
