import { Field, Float, ID, ObjectType } from "type-graphql";
import { Payment } from "./payment.type.ts";

@ObjectType({ description: "A sign-in of the learner (each opens a session)." })
export class EvidenceSignIn {
  @Field() at!: Date;
  @Field({ description: "The last time the session was refreshed." }) lastUsedAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
}

@ObjectType({ description: "A watched part of a video, in seconds." })
export class EvidenceRange {
  @Field(() => Float) startSeconds!: number;
  @Field(() => Float) endSeconds!: number;
}

@ObjectType({ description: "What the learner watched of one video of the course." })
export class EvidenceWatchedVideo {
  @Field(() => ID) videoId!: string;
  @Field(() => String, { nullable: true, description: "Null when the video was deleted since." }) videoTitle!: string | null;
  @Field(() => [EvidenceRange]) ranges!: EvidenceRange[];
  @Field(() => Float) watchedSeconds!: number;
  @Field() lastWatchedAt!: Date;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
}

@ObjectType({
  description:
    "What shows the learner received what they paid for, to answer their bank's dispute: who they are, when they enrolled, signed in and watched. For the course's owner and admins, of a disputed payment.",
})
export class DisputeEvidence {
  @Field(() => Payment) payment!: object;
  @Field() generatedAt!: Date;
  @Field() customerEmail!: string;
  @Field() customerName!: string;
  @Field(() => Date, { nullable: true, description: "Null when the learner never enrolled." }) enrolledAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The enrollment's status now (ACTIVE, SUSPENDED, REFUNDED, ...)." }) enrollmentStatus!: string | null;
  @Field(() => [EvidenceSignIn], { description: "Newest first, at most 100." }) signIns!: EvidenceSignIn[];
  @Field(() => [EvidenceWatchedVideo], { description: "In the order they were last watched." }) watchedVideos!: EvidenceWatchedVideo[];
}
