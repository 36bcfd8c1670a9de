import { Length } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";
import { User } from "./user.type.ts";

export const SUPPORT_VIEW_REASON_MAX = 500;

@ObjectType({
  implements: Node,
  description: "An admin seeing the site as an account, read-only, for support. The account's owner sees each one (mySupportViews).",
})
export class SupportView extends Node {
  @Field(() => User, { description: "The admin who looked." }) admin!: User;
  @Field(() => User, { description: "The account that was shown." }) user!: User;
  @Field({ description: "Why, as the admin wrote it when starting." }) reason!: string;
  @Field() startedAt!: Date;
  @Field({ description: "When it ends by itself if no one ends it before." }) expiresAt!: Date;
  @Field(() => Date, { nullable: true }) endedAt!: Date | null;
  @Field({ description: "Neither ended nor expired (signing its admin out ends it too)." }) active!: boolean;
}

export const SupportViewConnection = ConnectionType(SupportView);

@ObjectType({ description: "A started support view and the read-only access token that shows the site as its account." })
export class SupportViewAccess {
  @Field(() => SupportView) supportView!: SupportView;
  @Field({ description: "Sent as the bearer token, it reads what the account would see and changes nothing." }) accessToken!: string;
  @Field() accessTokenExpiresAt!: Date;
}

@InputType()
export class StartSupportViewInput {
  @Field(() => ID) userId!: string;

  /** Trimmed by the service, which also refuses one that is only blanks. */
  @Field()
  @MultilineText()
  @Length(1, SUPPORT_VIEW_REASON_MAX, { message: `must be 1 to ${SUPPORT_VIEW_REASON_MAX} characters long` })
  reason!: string;
}
