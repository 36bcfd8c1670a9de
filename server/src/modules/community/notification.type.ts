import { Field, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { CommunityNotificationKind } from "../../generated/prisma/enums.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";

registerEnumType(CommunityNotificationKind, {
  name: "NotificationKind",
  valuesConfig: { ANSWER_POSTED: { description: "Someone answered the viewer's question." } },
});

/** A notification row; its course, question, answer and actor are field resolvers. */
@ObjectType({ implements: Node, simpleResolvers: true, description: "Something that happened for the viewer, shown in the app." })
export class Notification extends Node {
  @Field(() => CommunityNotificationKind) kind!: CommunityNotificationKind;
  @Field() createdAt!: Date;
}

export const NotificationConnection: ClassType = ConnectionType(Notification);

@ObjectType({ description: "How the viewer wants to be told of what happens in courses' Q&A." })
export class NotificationPreferences {
  @Field({ description: "A mail for every new answer to one's questions, besides the in-app notification (off unless chosen)." })
  mailOnAnswer!: boolean;
}
