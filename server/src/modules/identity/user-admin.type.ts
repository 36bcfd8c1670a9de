import { MaxLength } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { Role } from "../../generated/prisma/enums.ts";
import { ConnectionType, PageArgs } from "../../platform/pagination.ts";
import { User } from "./user.type.ts";

export const SEARCH_MAX = 100;

export const UserConnection = ConnectionType(User);

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => String, { nullable: true, description: "Part of an email address or display name, any case." })
  @MaxLength(SEARCH_MAX, { message: `must be at most ${SEARCH_MAX} characters long` })
  search?: string | null;
}
