import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { parseId } from "../../platform/ids.ts";
import { may } from "../../platform/policy.ts";
import { Course, findVisibleCourse } from "../catalog/index.ts";
import { sectionOfVideo } from "./course-structure.ts";
import type { VideoRow } from "./media.loaders.ts";
import { Section } from "./section.type.ts";
import * as videos from "./video.service.ts";
import { videoPolicy } from "./video.policy.ts";
import { CreateVideoInput, UpdateVideoInput, Video } from "./video.type.ts";

@Resolver(() => Video)
export class VideoResolver {
  @Query(() => Video, { nullable: true })
  video(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return videos.findVisibleVideo(context, parseId(id, "Video", "id"));
  }

  @Mutation(() => Video)
  createVideo(@Arg("input", () => CreateVideoInput) input: CreateVideoInput, @Ctx() context: Context) {
    return videos.createVideo(context, input);
  }

  @Mutation(() => Video)
  updateVideo(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateVideoInput) input: UpdateVideoInput, @Ctx() context: Context) {
    return videos.updateVideo(context, id, input);
  }

  @Mutation(() => Boolean)
  deleteVideo(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return videos.deleteVideo(context, id);
  }

  @Mutation(() => [Video], { description: "Sets the order of the section's videos (or of the unsectioned videos of the course)." })
  reorderVideos(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("sectionId", () => ID, { nullable: true }) sectionId: string | null,
    @Arg("videoIds", () => [ID]) videoIds: string[],
    @Ctx() context: Context,
  ) {
    return videos.reorderVideos(context, courseId, sectionId, videoIds);
  }

  @FieldResolver(() => Course)
  course(@Root() video: VideoRow, @Ctx() context: Context) {
    return findVisibleCourse(context, video.courseId);
  }

  @FieldResolver(() => Section, { nullable: true })
  section(@Root() video: VideoRow, @Ctx() context: Context) {
    return sectionOfVideo(context, video);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer may change the video: its course's instructors and admins." })
  viewerCanEdit(@Root() video: VideoRow, @Ctx() context: Context) {
    return may(context, videoPolicy.edit, video);
  }

  @FieldResolver(() => Boolean, {
    description: "Whether the viewer may watch the video once it is ready: anyone on a preview, the course's instructors and admins (and, as learning adds, its learners).",
  })
  viewerCanWatch(@Root() video: VideoRow, @Ctx() context: Context) {
    return may(context, videoPolicy.watch, video);
  }

  @FieldResolver(() => String, { nullable: true, description: "WebVTT captions/transcript, when the instructor supplied them." })
  transcriptVtt(@Root() video: VideoRow, @Ctx() context: Context) {
    return videos.visibleTranscript(context, video);
  }
}
