// Who may use the media module's operations. Course instructorship is checked by the services.
import type { RuleMap } from "../../platform/authorization.ts";
import { readsCatalog } from "../catalog/index.ts";
import { teaches } from "../identity/index.ts";

export const mediaRules: RuleMap = {
  Query: { video: readsCatalog },
  Mutation: {
    createSection: teaches,
    updateSection: teaches,
    deleteSection: teaches,
    reorderSections: teaches,
    createVideo: teaches,
    updateVideo: teaches,
    deleteVideo: teaches,
    reorderVideos: teaches,
    startVideoUpload: teaches,
    completeVideoUpload: teaches,
    abortVideoUpload: teaches,
    createVideoResourceUpload: teaches,
    completeVideoResourceUpload: teaches,
    renameVideoResource: teaches,
    deleteVideoResource: teaches,
    reorderVideoResources: teaches,
  },
  Subscription: { videoStatusChanged: teaches },
  // Media's fields on catalog's Course; its other fields keep catalog's rule.
  Course: { sections: readsCatalog, videos: readsCatalog, videoCount: readsCatalog, totalDurationSeconds: readsCatalog },
  // Reached only through a visible course or video; the fields answer accordingly.
  Section: readsCatalog,
  Video: readsCatalog,
  VideoPlayback: readsCatalog,
  VideoRendition: readsCatalog,
  // Listed by Video.resources only to whoever may download them; the download field checks again.
  VideoResource: readsCatalog,
  VideoResourceDownload: readsCatalog,
  // Returned only by the upload mutations, to the course's instructors.
  VideoUpload: teaches,
  UploadPart: teaches,
  VideoResourceUpload: teaches,
};
