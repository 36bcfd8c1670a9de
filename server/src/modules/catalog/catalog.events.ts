// The events the catalog emits, and what it does once they are committed: a deleted course's cover
// images are removed even if the server stops right after the deletion's commit.
import type { Listeners } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { deleteCourseCovers } from "./course-cover.ts";

declare module "../../platform/domain-events.ts" {
  interface DomainEvents {
    /** A course was deleted (its rows are gone); its covers live under a prefix of its id. Aggregate: the course. */
    "catalog.courseDeleted": { courseId: string };
    /** A course was published (DRAFT to PUBLISHED): it is in the catalog. Aggregate: the course. */
    "catalog.coursePublished": { courseId: string; publishedAt: string };
  }
}

export const catalogListeners: Listeners<Platform> = {
  "catalog.courseDeleted": ({ payload }, platform) => deleteCourseCovers(platform, payload.courseId),
};
