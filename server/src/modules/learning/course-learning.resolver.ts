// Learning's fields on catalog's Course and media's Video, federation-style: those modules do not know them.
import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { Course, type CourseRow } from "../catalog/index.ts";
import { Video, type VideoRow } from "../media/index.ts";
import { viewerIsEnrolled } from "./enrollment.service.ts";
import { enrollmentCountByCourse } from "./learning.loaders.ts";
import { courseProgressOfViewer, videoProgressOfViewer } from "./progress.service.ts";
import { CourseProgress, VideoProgress } from "./progress.type.ts";

@Resolver(() => Course)
export class CourseLearningResolver {
  @FieldResolver(() => Int, { description: "Learners who may watch it: ACTIVE and COMPLETED enrollments." })
  enrollmentCount(@Root() course: CourseRow, @Ctx() context: Context) {
    return context.loader(enrollmentCountByCourse).load(course.id);
  }

  @FieldResolver(() => Boolean)
  viewerIsEnrolled(@Root() course: CourseRow, @Ctx() context: Context) {
    return viewerIsEnrolled(context, course);
  }

  @FieldResolver(() => CourseProgress, { nullable: true, description: "Null when the viewer is not enrolled." })
  viewerProgress(@Root() course: CourseRow, @Ctx() context: Context) {
    return courseProgressOfViewer(context, course);
  }
}

@Resolver(() => Video)
export class VideoLearningResolver {
  @FieldResolver(() => VideoProgress, { nullable: true, description: "Null when the viewer has no progress on it." })
  viewerProgress(@Root() video: VideoRow, @Ctx() context: Context) {
    return videoProgressOfViewer(context, video.id);
  }
}
