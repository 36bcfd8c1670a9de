import { Field, Float, ID, InputType, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { VideoNoteKind } from "../../generated/prisma/enums.ts";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";
import { ConnectionType } from "../../platform/pagination.ts";

registerEnumType(VideoNoteKind, {
  name: "VideoNoteKind",
  valuesConfig: {
    NOTE: { description: "Words the learner wrote about the moment; never empty." },
    BOOKMARK: { description: "The moment marked to come back to; its text may be empty." },
  },
});

/** A note row; its video is a field resolver. Only its author ever reads it. */
@ObjectType({ implements: Node, description: "A learner's private note or bookmark at a moment of a video." })
export class VideoNote extends Node {
  @Field(() => VideoNoteKind) kind!: VideoNoteKind;
  @Field(() => Float, { description: "The moment of the video, in seconds from its start." }) positionSeconds!: number;
  @Field({ description: "Trimmed; empty only for a bookmark." }) text!: string;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

export const VideoNoteConnection: ClassType = ConnectionType(VideoNote);

@InputType()
export class CreateVideoNoteInput {
  @Field(() => ID) videoId!: string;
  @Field(() => Float) positionSeconds!: number;
  @Field(() => VideoNoteKind) kind!: VideoNoteKind;
  @Field({ defaultValue: "", description: "At most 5,000 characters once trimmed; a note's must not be empty, a bookmark's may." })
  @MultilineText()
  text!: string;
}

@InputType()
export class UpdateVideoNoteInput {
  @Field(() => ID) id!: string;
  @Field() @MultilineText() text!: string;
  @Field(() => Float, { nullable: true, description: "Move the note to another moment of its video; kept when absent." })
  positionSeconds?: number | null;
}
