import { IsOptional, Length, MaxLength } from "class-validator";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { VideoStatus } from "../../generated/prisma/enums.ts";
import { MultilineText } from "../../platform/input-text.ts";
import { Node } from "../../platform/node.ts";

registerEnumType(VideoStatus, {
  name: "VideoStatus",
  valuesConfig: {
    DRAFT: { description: "Metadata only, no file yet." },
    UPLOADING: { description: "A file is being uploaded; a previous READY file still plays." },
    PROCESSING: { description: "The uploaded file is being checked and prepared for playback." },
    READY: { description: "Playable." },
    FAILED: { description: "The last upload could not be processed; see processingError." },
  },
});

export const VIDEO_TITLE_MAX = 200;
export const VIDEO_DESCRIPTION_MAX = 5_000;

/** Plain fields by the thousand on a catalog page: see Course. */
@ObjectType({ implements: Node, simpleResolvers: true })
export class Video extends Node {
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Int, { description: "0-based; dense and gapless within its section (or the unsectioned videos)." })
  position!: number;
  @Field(() => Int, { nullable: true }) durationSeconds!: number | null;
  @Field(() => VideoStatus) status!: VideoStatus;
  @Field(() => Int, {
    nullable: true,
    description: "0-100 while the video is transcoded (its HLS ladder); null otherwise. A READY video keeps playing meanwhile.",
  })
  processingPercent!: number | null;
  @Field({ description: "Free preview: playable by anyone who can see the course." }) isPreview!: boolean;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

@InputType()
export class CreateVideoInput {
  @Field(() => ID) courseId!: string;
  @Field(() => ID, { nullable: true }) sectionId?: string | null;

  @Field()
  @Length(1, VIDEO_TITLE_MAX, { message: `must be 1 to ${VIDEO_TITLE_MAX} characters long` })
  title!: string;

  @Field(() => String, { nullable: true })
  @MultilineText()
  @IsOptional()
  @MaxLength(VIDEO_DESCRIPTION_MAX, { message: `must be at most ${VIDEO_DESCRIPTION_MAX} characters long` })
  description?: string | null;

  @Field(() => Int, { nullable: true, description: "0-based; the end when absent." }) position?: number | null;
  @Field(() => Boolean, { nullable: true }) isPreview?: boolean | null;
}

@InputType()
export class UpdateVideoInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, VIDEO_TITLE_MAX, { message: `must be 1 to ${VIDEO_TITLE_MAX} characters long` })
  title?: string | null;

  @Field(() => String, { nullable: true })
  @MultilineText()
  @IsOptional()
  @MaxLength(VIDEO_DESCRIPTION_MAX, { message: `must be at most ${VIDEO_DESCRIPTION_MAX} characters long` })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: "Moves the video to the end of this section; null for the unsectioned videos." })
  sectionId?: string | null;

  @Field(() => Boolean, { nullable: true }) isPreview?: boolean | null;

  @Field(() => String, { nullable: true, description: "WebVTT, up to 1 MB; null or empty removes it." })
  @MultilineText()
  transcriptVtt?: string | null;
}
