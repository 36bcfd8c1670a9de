// Where a course team's analytics show in the response cache (Module.publicScopes): an answer is
// dropped when the course's rollups change (the rollup job bumps its version, whose trigger
// notifies `analytics:<course id>`), when the course, its team or its videos change, and when a
// range relative to today moves on at midnight (UTC).
import type { ShownScopes } from "../../platform/public-response-cache.ts";
import { coursePublicScope } from "../catalog/index.ts";
import type { AnalyticsScope } from "./course-analytics.service.ts";

export const analyticsScopes = (scope: AnalyticsScope): ShownScopes => ({
  scopes: [coursePublicScope(scope.courseId), `analytics:${scope.courseId}`],
  validUntil: scope.movesAt,
});
