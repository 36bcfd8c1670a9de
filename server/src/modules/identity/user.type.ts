import { IsOptional, IsUrl, Length, MaxLength } from "class-validator";
import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Role } from "../../generated/prisma/enums.ts";
import { Node } from "../../platform/node.ts";

registerEnumType(Role, { name: "Role" });

export const DISPLAY_NAME_MAX = 80;
export const BIO_MAX = 2_000;
export const URL_MAX = 2_048;

@ObjectType()
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
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, DISPLAY_NAME_MAX, { message: `must be 1 to ${DISPLAY_NAME_MAX} characters long` })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(URL_MAX, { message: `must be at most ${URL_MAX} characters long` })
  @IsUrl({ protocols: ["http", "https"], require_protocol: true }, { message: "must be an http(s) URL" })
  avatarUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(BIO_MAX, { message: `must be at most ${BIO_MAX} characters long` })
  bio?: string | null;
}
