// Why media refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** CONFLICT: publishing needs at least one playable video. */
    NO_READY_VIDEO: "media";
    /** CONFLICT: the upload was completed, aborted or failed; a new one must be started. */
    UPLOAD_NOT_PENDING: "media";
    /** CONFLICT: the upload's URLs have expired; a new one must be started. */
    UPLOAD_EXPIRED: "media";
    /** CONFLICT: the video has as many resources as one may have (RESOURCE_MAX_PER_VIDEO). */
    TOO_MANY_RESOURCES: "media";
  }
}

export {};
