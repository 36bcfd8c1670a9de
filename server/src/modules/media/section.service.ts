// A course's sections: created, renamed, moved, reordered and deleted with dense positions.
import type { Section } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import type { Transaction } from "../../platform/db.ts";
import { badInput, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { authorize } from "../../platform/policy.ts";
import { findVisibleCourse, getEditableCourse, lockCourse, type CourseRow } from "../catalog/index.ts";
import { sectionDeletion } from "./media.extensions.ts";
import { sectionById, structureByCourse } from "./media.loaders.ts";
import { checkSameSet, insertionIndex, placeAt, writeOrder } from "./positions.ts";
import type { SectionInput } from "./section.type.ts";
import { contentPolicy } from "./video.policy.ts";

function sectionTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed.length === 0) throw badInput({ title: "must not be blank" });
  return trimmed;
}

/** The course's sections in their order, read in the caller's transaction (under the course's lock, it holds until commit). */
export async function sectionIds(tx: Transaction, courseId: string): Promise<string[]> {
  const rows = await tx.section.findMany({ where: { courseId }, orderBy: { position: "asc" }, select: { id: true } });
  return rows.map((row) => row.id);
}

/** Forgets what this request cached about a course's structure after a change. */
export function forgetStructure(context: Context, courseId: string): void {
  context.loader(structureByCourse).clear(courseId);
  context.loader(sectionById).clearAll();
}

/** A section the viewer may change: NOT_FOUND when its course is invisible to them, else FORBIDDEN. */
export async function getEditableSection(context: Context, globalId: string, field = "id"): Promise<Section> {
  const section = await findVisibleSection(context, parseId(globalId, "Section", field));
  if (!section) throw notFound("Section");
  return authorize(context, contentPolicy.edit, section);
}

export async function createSection(context: Context, courseGlobalId: string, input: SectionInput): Promise<Section> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const title = sectionTitle(input.title);
  const created = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    const ids = await sectionIds(tx, course.id);
    const index = insertionIndex(input.position, ids.length);
    const section = await tx.section.create({ data: { courseId: course.id, title, position: ids.length } });
    await writeOrder(tx, "sections", placeAt(ids, section.id, index));
    return tx.section.findUniqueOrThrow({ where: { id: section.id } });
  });
  forgetStructure(context, course.id);
  return created;
}

export async function updateSection(context: Context, globalId: string, input: SectionInput): Promise<Section> {
  const { id, courseId } = await getEditableSection(context, globalId);
  const title = sectionTitle(input.title);
  const updated = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, courseId);
    const ids = await sectionIds(tx, courseId);
    if (!ids.includes(id)) throw notFound("Section");
    if (input.position != null) {
      await writeOrder(tx, "sections", placeAt(ids, id, insertionIndex(input.position, ids.length - 1)));
    }
    return tx.section.update({ where: { id }, data: { title } });
  });
  forgetStructure(context, courseId);
  return updated;
}

/** The section's videos move, in their order, to the end of the course's unsectioned videos. */
export async function deleteSection(context: Context, globalId: string): Promise<boolean> {
  const { id, courseId } = await getEditableSection(context, globalId);
  await context.db.$transaction(async (tx) => {
    await lockCourse(tx, courseId);
    for (const hook of context.extensions.of(sectionDeletion)) await hook(tx, id);
    const unsectioned = await tx.video.findMany({ where: { courseId, sectionId: null }, orderBy: { position: "asc" }, select: { id: true } });
    const moving = await tx.video.findMany({ where: { sectionId: id }, orderBy: { position: "asc" }, select: { id: true } });
    await tx.video.updateMany({ where: { sectionId: id }, data: { sectionId: null } });
    await writeOrder(tx, "videos", [...unsectioned, ...moving].map((video) => video.id));
    const deleted = await tx.section.deleteMany({ where: { id } });
    if (deleted.count === 0) throw notFound("Section");
    await writeOrder(tx, "sections", await sectionIds(tx, courseId));
  });
  forgetStructure(context, courseId);
  return true;
}

export async function reorderSections(context: Context, courseGlobalId: string, sectionGlobalIds: string[]): Promise<CourseRow> {
  const course = await getEditableCourse(context, courseGlobalId, "courseId");
  const requested = sectionGlobalIds.map((id) => parseId(id, "Section", "sectionIds"));
  await context.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    checkSameSet(await sectionIds(tx, course.id), requested, "sectionIds");
    await writeOrder(tx, "sections", requested);
  });
  forgetStructure(context, course.id);
  return course;
}

export async function findVisibleSection(context: Context, id: string): Promise<Section | null> {
  const section = await context.loader(sectionById).load(id);
  return section && (await findVisibleCourse(context, section.courseId)) ? section : null;
}
