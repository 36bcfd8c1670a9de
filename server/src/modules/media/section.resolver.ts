import type { Section as SectionRow } from "../../generated/prisma/client.ts";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { Course, findVisibleCourse } from "../catalog/index.ts";
import { videosOfSection } from "./course-structure.ts";
import * as sections from "./section.service.ts";
import { Section, SectionInput } from "./section.type.ts";
import { Video } from "./video.type.ts";

@Resolver(() => Section)
export class SectionResolver {
  @Mutation(() => Section)
  createSection(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("input", () => SectionInput) input: SectionInput,
    @Ctx() context: Context,
  ) {
    return sections.createSection(context, courseId, input);
  }

  @Mutation(() => Section)
  updateSection(@Arg("id", () => ID) id: string, @Arg("input", () => SectionInput) input: SectionInput, @Ctx() context: Context) {
    return sections.updateSection(context, id, input);
  }

  @Mutation(() => Boolean)
  deleteSection(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return sections.deleteSection(context, id);
  }

  @Mutation(() => Course)
  reorderSections(
    @Arg("courseId", () => ID) courseId: string,
    @Arg("sectionIds", () => [ID]) sectionIds: string[],
    @Ctx() context: Context,
  ) {
    return sections.reorderSections(context, courseId, sectionIds);
  }

  @FieldResolver(() => Course)
  course(@Root() section: SectionRow, @Ctx() context: Context) {
    return findVisibleCourse(context, section.courseId);
  }

  @FieldResolver(() => [Video])
  videos(@Root() section: SectionRow, @Ctx() context: Context) {
    return videosOfSection(context, section);
  }
}
