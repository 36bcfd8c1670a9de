import type { BadgeTone } from "../../components/Badge";
import type { VideoStatus } from "../../gql/graphql";

export const VIDEO_STATUS_PRESENTATION: Record<VideoStatus, { label: string; tone: BadgeTone }> = {
  DRAFT: { label: "No file yet", tone: "neutral" },
  UPLOADING: { label: "Uploading", tone: "info" },
  PROCESSING: { label: "Processing", tone: "info" },
  READY: { label: "Ready", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};
