import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType()
export class WatchedRange {
  @Field(() => Float) startSeconds!: number;
  @Field(() => Float) endSeconds!: number;
}

/** A learner's progress on one video; `video` is a field resolver. */
@ObjectType()
export class VideoProgress {
  @Field(() => Float, { description: "Where to resume." }) positionSeconds!: number;
  @Field(() => Float, {
    description: "Length of the union of all watched ranges: re-watching does not inflate it, skipping does not fill it.",
  })
  watchedSeconds!: number;
  @Field(() => [WatchedRange]) watchedRanges!: WatchedRange[];
  @Field(() => Float) percentWatched!: number;
  @Field() completed!: boolean;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field() updatedAt!: Date;
}

/** A learner's progress in a course; `course` and `resumeVideo` are field resolvers. */
@ObjectType()
export class CourseProgress {
  @Field(() => Int) completedVideos!: number;
  @Field(() => Int) totalVideos!: number;
  @Field(() => Int, { description: "What the course's completion requires besides its videos: the quizzes its instructors made required." })
  requirements!: number;
  @Field(() => Int, { description: "How many of `requirements` the learner met (required quizzes passed)." })
  requirementsMet!: number;
  @Field(() => Float, { description: "0..100: completed videos and met requirements over all of them." }) percent!: number;
  @Field(() => Float) watchedSeconds!: number;
  @Field() completed!: boolean;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => Float, { nullable: true }) resumePositionSeconds!: number | null;
}

/** A learner's progress changed; everything but `at` is a field resolver. */
@ObjectType()
export class LearnerProgressEvent {
  @Field() at!: Date;
}

@InputType()
export class WatchedRangeInput {
  @Field(() => Float) startSeconds!: number;
  @Field(() => Float) endSeconds!: number;
}

@InputType()
export class RecordProgressInput {
  @Field(() => ID) videoId!: string;
  @Field(() => Float) positionSeconds!: number;
  @Field(() => [WatchedRangeInput], {
    description:
      "Ranges played since the last report. Updates are merged as a union, so retries, duplicates and out-of-order delivery never lose or inflate progress.",
  })
  watchedRanges!: WatchedRangeInput[];
  @Field(() => Date, { nullable: true }) clientTimestamp?: Date | null;
}
