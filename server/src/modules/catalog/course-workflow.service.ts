// The publishing workflow: DRAFT -> PUBLISHED -> DRAFT again or ARCHIVED; an archived course
// can be restored to DRAFT. Only published courses are in the catalog.
import type { CourseStatus } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";
import { emit } from "../../platform/domain-events.ts";
import { conflict } from "../../platform/errors.ts";
import { publishPreconditions, throwFirstRefusal } from "./catalog.extensions.ts";
import { forgetCourse, type CourseRow } from "./course.loaders.ts";
import { getEditableCourse } from "./course.policy.ts";
import { lockCourse } from "./course.service.ts";

type Transition = "publish" | "unpublish" | "archive";

const ALLOWED_FROM: Record<Transition, CourseStatus[]> = {
  publish: ["DRAFT"],
  unpublish: ["PUBLISHED", "ARCHIVED"],
  archive: ["DRAFT", "PUBLISHED"],
};

async function transition(context: Context, globalId: string, action: Transition): Promise<CourseRow> {
  const { id } = await getEditableCourse(context, globalId);
  const updated = await context.db.$transaction(async (tx) => {
    await lockCourse(tx, id);
    const course = await tx.course.findUniqueOrThrow({ where: { id } });
    if (!ALLOWED_FROM[action].includes(course.status)) {
      throw conflict(`A ${course.status.toLowerCase()} course cannot be ${action === "archive" ? "archived" : `${action}ed`}.`, {
        reason: "COURSE_STATUS_FORBIDS",
      });
    }
    if (action === "publish") await throwFirstRefusal(context.extensions.of(publishPreconditions), tx, id);
    const status: CourseStatus = action === "publish" ? "PUBLISHED" : action === "archive" ? "ARCHIVED" : "DRAFT";
    const publishedAt = action === "publish" ? new Date() : action === "unpublish" ? null : course.publishedAt;
    const updated = await tx.course.update({ where: { id }, data: { status, publishedAt } });
    if (action === "publish") {
      await emit(tx, { name: "catalog.coursePublished", aggregate: `course:${id}`, payload: { courseId: id, publishedAt: publishedAt!.toISOString() } });
    }
    return updated;
  });
  forgetCourse(context, id);
  return updated;
}

export const publishCourse = (context: Context, id: string) => transition(context, id, "publish");
export const unpublishCourse = (context: Context, id: string) => transition(context, id, "unpublish");
export const archiveCourse = (context: Context, id: string) => transition(context, id, "archive");
