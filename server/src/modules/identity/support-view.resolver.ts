import type { SupportView as SupportViewRow } from "../../generated/prisma/client.ts";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { StartSupportViewInput, SupportView, SupportViewAccess, SupportViewConnection } from "./support-view.type.ts";
import * as supportViews from "./support-view.service.ts";
import { User } from "./user.type.ts";
import { getUser } from "./user.service.ts";

@Resolver(() => SupportView)
export class SupportViewResolver {
  @Query(() => SupportViewConnection, { description: "The times admins saw the site as the viewer's account, newest first." })
  mySupportViews(@Args(() => PageArgs) args: PageArgs, @Ctx() context: Context) {
    return supportViews.supportViewsOfViewer(context, args);
  }

  @Mutation(() => SupportViewAccess, {
    description: `Admin only: see the site as this account, read-only, for ${supportViews.SUPPORT_VIEW_MINUTES} minutes at most. The account's owner sees the reason.`,
  })
  startSupportView(@Arg("input", () => StartSupportViewInput) input: StartSupportViewInput, @Ctx() context: Context) {
    return supportViews.startSupportView(context, input);
  }

  @Mutation(() => SupportView, { description: "By its admin, or from inside the view (its token may run this and nothing else that changes anything)." })
  endSupportView(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return supportViews.endSupportView(context, id);
  }

  @FieldResolver(() => User)
  admin(@Root() view: SupportViewRow, @Ctx() context: Context) {
    return getUser(context, view.adminId);
  }

  @FieldResolver(() => User)
  user(@Root() view: SupportViewRow, @Ctx() context: Context) {
    return getUser(context, view.userId);
  }

  @FieldResolver(() => Boolean)
  active(@Root() view: SupportViewRow) {
    return supportViews.isActive(view);
  }
}
