import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Role } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";
import { parseId } from "../../platform/ids.ts";
import { UserConnection, UsersArgs } from "./user-admin.type.ts";
import * as userAdmin from "./user-admin.service.ts";
import { User } from "./user.type.ts";

@Resolver()
export class UserAdminResolver {
  @Query(() => UserConnection, { description: "Admin only." })
  users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() context: Context) {
    return userAdmin.listUsers(context, args);
  }

  @Mutation(() => User, { description: "Admin only." })
  setUserRole(@Arg("userId", () => ID) userId: string, @Arg("role", () => Role) role: Role, @Ctx() context: Context) {
    return userAdmin.setUserRole(context, parseId(userId, "User", "userId"), role);
  }
}
