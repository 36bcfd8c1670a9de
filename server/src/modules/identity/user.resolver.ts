import type { User as UserRow } from "../../generated/prisma/client.ts";
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { Profile, UpdateProfileInput, User } from "./user.type.ts";
import * as users from "./user.service.ts";

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true })
  me(@Ctx() context: Context) {
    return context.viewer ? users.findUser(context, context.viewer.userId) : null;
  }

  @Query(() => User, {
    nullable: true,
    description: "The instructor (or admin) with exactly this email address, for adding a co-instructor; null when there is none. Throttled per viewer.",
  })
  instructorByEmail(@Arg("email") email: string, @Ctx() context: Context) {
    return users.findInstructorByEmail(context, email);
  }

  @Mutation(() => User)
  updateProfile(@Arg("input", () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() context: Context) {
    return users.updateOwnProfile(context, input);
  }

  @FieldResolver(() => String, { nullable: true })
  email(@Root() user: UserRow, @Ctx() context: Context) {
    return users.visibleEmail(context, user);
  }

  @FieldResolver(() => Profile)
  profile(@Root() user: UserRow, @Ctx() context: Context) {
    return users.profileOf(context, user.id);
  }
}
