import type { BadgeTone } from "../../components/Badge";
import type { InstructorApplicationStatus } from "../../gql/graphql";

export const APPLICATION_STATUS_PRESENTATION: Record<
  InstructorApplicationStatus,
  { label: string; tone: BadgeTone }
> = {
  PENDING: { label: "Pending", tone: "info" },
  APPROVED: { label: "Approved", tone: "success" },
  REJECTED: { label: "Rejected", tone: "danger" },
};
