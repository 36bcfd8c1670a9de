// Creating, editing and deleting courses.
import type { Context } from "../../platform/context.ts";
import { isUniqueViolation, type Transaction } from "../../platform/db.ts";
import { emit } from "../../platform/domain-events.ts";
import { badInput, conflict, notFound } from "../../platform/errors.ts";
import { forgetCourse, type CourseRow } from "./course.loaders.ts";
import { coursePolicy, getEditableCourse, getOwnedCourse } from "./course.policy.ts";
import { authorize } from "../../platform/policy.ts";
import type { CreateCourseInput, UpdateCourseInput } from "./course.type.ts";
import { checkCourseInput, DEFAULT_CURRENCY, slugify } from "./course.validation.ts";
import { courseDeletion, deletionVetoes, throwFirstRefusal } from "./catalog.extensions.ts";

const slugTaken = () => conflict("This slug is taken by another course.", { reason: "SLUG_TAKEN", fields: { slug: "is taken" } });

/** The slug itself, or, when taken, the first free `slug-2`, `slug-3`, ... */
async function freeSlug(tx: Transaction, base: string): Promise<string> {
  const taken = new Set(
    (await tx.course.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((c) => c.slug),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  return slug;
}

export async function createCourse(context: Context, input: CreateCourseInput): Promise<CourseRow> {
  const fields = checkCourseInput(input);
  if (fields.title === undefined) throw badInput({ title: "is required" });
  try {
    return await context.db.$transaction(async (tx) => {
      if (fields.slug && (await tx.course.findUnique({ where: { slug: fields.slug }, select: { id: true } }))) {
        throw slugTaken();
      }
      return tx.course.create({
        data: {
          title: fields.title!,
          subtitle: fields.subtitle ?? null,
          description: fields.description ?? "",
          priceCents: fields.priceCents ?? 0,
          currency: fields.currency ?? DEFAULT_CURRENCY,
          tags: fields.tags ?? [],
          slug: fields.slug ?? (await freeSlug(tx, slugify(fields.title!) || "course")),
          ownerId: context.viewer!.userId,
        },
      });
    });
  } catch (error) {
    // Two courses created at once with the same derived slug: the loser is told to retry.
    if (isUniqueViolation(error)) throw conflict("Another course took this slug just now; try again.", { reason: "SLUG_TAKEN", fields: { slug: "is taken" } });
    throw error;
  }
}

/** The slug stays as it is when the title changes, so links keep working. */
/** Fields a course always has: an update may change them, never clear them. */
const REQUIRED_FIELDS = ["title", "description", "priceCents", "currency", "tags", "slug"] as const;

export async function updateCourse(context: Context, globalId: string, input: UpdateCourseInput): Promise<CourseRow> {
  const course = await getEditableCourse(context, globalId);
  const cleared = REQUIRED_FIELDS.filter((field) => input[field] === null);
  if (cleared.length > 0) throw badInput(Object.fromEntries(cleared.map((field) => [field, "cannot be cleared"])));
  const fields = checkCourseInput(input);
  const changesPrice =
    (fields.priceCents !== undefined && fields.priceCents !== course.priceCents) ||
    (fields.currency !== undefined && fields.currency !== course.currency);
  if (changesPrice) await authorize(context, coursePolicy.manage, course, "Only the course's owner or an admin may change its price.");
  try {
    const updated = await context.db.course.update({ where: { id: course.id }, data: fields });
    forgetCourse(context, course.id);
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

/**
 * Only a course no later module vetoes (learning: nobody ever enrolled; the others keep their
 * learners' access and records, and are archived instead). What is stored for it goes too, through
 * the outbox once the deletion commits: its covers (`catalog.courseDeleted`) and what later modules
 * keep of it (media: its videos' files and open uploads, read by their `courseDeletion` hooks).
 */
export async function deleteCourse(context: Context, globalId: string): Promise<boolean> {
  const course = await getOwnedCourse(context, globalId);
  await context.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    await throwFirstRefusal(context.extensions.of(deletionVetoes), tx, course.id);
    for (const hook of context.extensions.of(courseDeletion)) await hook(tx, course.id);
    await emit(tx, { name: "catalog.courseDeleted", aggregate: `course:${course.id}`, payload: { courseId: course.id } });
    await tx.course.delete({ where: { id: course.id } });
  });
  forgetCourse(context, course.id);
  return true;
}

/**
 * Takes the course's row lock for the rest of the transaction: changes to its structure
 * (positions, publishing) then happen one after another, never interleaved. A course deleted
 * since the caller read it (a concurrent deleteCourse) is NOT_FOUND.
 */
export async function lockCourse(tx: Transaction, courseId: string): Promise<void> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM courses WHERE id = ${courseId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw notFound("Course");
}
