// The media module's fields on Course, federation-style: the catalog module does not know them.
import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { Course, type CourseRow } from "../catalog/index.ts";
import { courseCoverUrl, sectionsOf, totalDurationSeconds, videosInPlayingOrder, videosOf } from "./course-structure.ts";
import { Section } from "./section.type.ts";
import { Video } from "./video.type.ts";

@Resolver(() => Course)
export class CourseStructureResolver {
  @FieldResolver(() => [Section])
  sections(@Root() course: CourseRow, @Ctx() context: Context) {
    return sectionsOf(context, course.id);
  }

  @FieldResolver(() => [Video], { description: "All videos of the course in playing order (section order, then position)." })
  videos(@Root() course: CourseRow, @Ctx() context: Context) {
    return videosInPlayingOrder(context, course.id);
  }

  @FieldResolver(() => Int)
  async videoCount(@Root() course: CourseRow, @Ctx() context: Context) {
    return (await videosOf(context, course.id)).length;
  }

  // Catalog's field, answered here: only media knows the videos whose thumbnail stands in for a missing cover.
  @FieldResolver(() => String, { nullable: true })
  thumbnailUrl(@Root() course: CourseRow, @Ctx() context: Context) {
    return courseCoverUrl(context, course);
  }

  @FieldResolver(() => Int)
  totalDurationSeconds(@Root() course: CourseRow, @Ctx() context: Context) {
    return totalDurationSeconds(context, course.id);
  }
}
