import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import type { CourseRow } from "./course.loaders.ts";
import * as covers from "./course-cover.ts";
import { CourseCoverUpload, StartCourseCoverUploadInput } from "./course-cover.type.ts";
import { Course } from "./course.type.ts";

@Resolver(() => Course)
export class CourseCoverResolver {
  @Mutation(() => CourseCoverUpload, { description: "Starts uploading a cover image (PNG, JPEG or WebP, at most 5 MB) straight to storage." })
  startCourseCoverUpload(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("input", () => StartCourseCoverUploadInput) input: StartCourseCoverUploadInput,
    @Ctx() context: Context,
  ) {
    return covers.startCourseCoverUpload(context, courseId, input);
  }

  @Mutation(() => Course, { description: "Checks the uploaded image and makes it the cover, replacing the previous cover (and the cover URL)." })
  completeCourseCoverUpload(@Arg("courseId", () => ID) courseId: string, @Arg("uploadId") uploadId: string, @Ctx() context: Context) {
    return covers.completeCourseCoverUpload(context, courseId, uploadId);
  }

  @Mutation(() => Course, { description: "Removes the uploaded cover and the cover URL; thumbnailUrl then answers the first ready video's thumbnail." })
  removeCourseCover(@Arg("courseId", () => ID) courseId: string, @Ctx() context: Context) {
    return covers.removeCourseCover(context, courseId);
  }

  @FieldResolver(() => Boolean, { description: "Whether the instructors gave the course a cover (uploaded, or by URL); false when thumbnailUrl is a video's thumbnail or null." })
  hasOwnCover(@Root() course: CourseRow) {
    return course.coverKey !== null || course.thumbnailUrl !== null;
  }
}
