import type { BadgeTone } from "../../components/Badge";
import type { CourseStatus } from "../../gql/graphql";

export const COURSE_STATUS_PRESENTATION: Record<CourseStatus, { label: string; tone: BadgeTone }> = {
  DRAFT: { label: "Draft", tone: "neutral" },
  PUBLISHED: { label: "Published", tone: "success" },
  ARCHIVED: { label: "Archived", tone: "warning" },
};
