// The viewer's notifications and mail preference: the Query, Mutation and Subscription fields, and the notification's links.
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { badInput } from "../../platform/errors.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { Course, findVisibleCourse } from "../catalog/index.ts";
import { findUser, User } from "../identity/index.ts";
import { findVisibleAnswer, findVisibleQuestion } from "./question.policy.ts";
import { CourseQuestion, QuestionAnswer } from "./question.type.ts";
import * as notifications from "./notification.service.ts";
import type { NotificationRow } from "./notification.service.ts";
import { Notification, NotificationConnection, NotificationPreferences } from "./notification.type.ts";

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: "The viewer's notifications, newest first." })
  myNotifications(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("unreadOnly", () => Boolean, { defaultValue: false }) unreadOnly: boolean,
    @Ctx() context: Context,
  ) {
    return notifications.myNotifications(context, page, unreadOnly);
  }

  @Query(() => Int, { description: "How many of the viewer's notifications are unread." })
  myUnreadNotificationCount(@Ctx() context: Context) {
    return notifications.unreadNotificationCount(context);
  }

  @Query(() => NotificationPreferences)
  myNotificationPreferences(@Ctx() context: Context) {
    return notifications.notificationPreferences(context);
  }

  @Mutation(() => Int, { description: "Marks the viewer's given notifications read (all of them without ids); answers how many were unread." })
  markNotificationsRead(@Arg("ids", () => [ID], { nullable: true, description: "At most 100." }) ids: string[] | null, @Ctx() context: Context) {
    return notifications.markNotificationsRead(context, ids);
  }

  @Mutation(() => NotificationPreferences)
  updateNotificationPreferences(@Arg("mailOnAnswer", () => Boolean) mailOnAnswer: boolean, @Ctx() context: Context) {
    return notifications.updateNotificationPreferences(context, mailOnAnswer);
  }

  @Subscription(() => Int, {
    description: "The viewer's unread notifications' count, each time a new one arrives (over WebSocket).",
    subscribe: ({ context }) => notifications.notificationEvents(context as Context),
  })
  async myUnreadNotificationCountChanged(@Root() event: { answerId: string } | undefined, @Ctx() context: Context) {
    if (!event) throw badInput({ operation: "subscriptions are served over WebSocket (graphql-ws) at /graphql" });
    return notifications.unreadNotificationCount(context);
  }

  @FieldResolver(() => Boolean)
  read(@Root() notification: NotificationRow) {
    return notification.readAt !== null;
  }

  @FieldResolver(() => Course, { nullable: true })
  course(@Root() notification: NotificationRow, @Ctx() context: Context) {
    return findVisibleCourse(context, notification.courseId);
  }

  @FieldResolver(() => CourseQuestion, { nullable: true, description: "Null when the viewer may no longer see it." })
  question(@Root() notification: NotificationRow, @Ctx() context: Context) {
    return findVisibleQuestion(context, notification.questionId);
  }

  @FieldResolver(() => QuestionAnswer, { nullable: true, description: "Null when the viewer may no longer see it (deleted, hidden)." })
  answer(@Root() notification: NotificationRow, @Ctx() context: Context) {
    return findVisibleAnswer(context, notification.answerId);
  }

  @FieldResolver(() => User, { nullable: true, description: "Who did it (the answerer)." })
  actor(@Root() notification: NotificationRow, @Ctx() context: Context) {
    return findUser(context, notification.actorId);
  }
}
