export type StorageErrorCode =
  | "INVALID_KEY"
  | "NO_SUCH_KEY"
  | "NO_SUCH_UPLOAD"
  | "INVALID_PART"
  | "INVALID_PART_ORDER"
  | "PART_TOO_SMALL"
  | "CONTENT_LENGTH_MISMATCH"
  | "ENTITY_TOO_LARGE"
  | "UPLOAD_CLOSED";

/** A caller mistake the media module can turn into a user-facing answer; anything else is a crash. */
export class StorageError extends Error {
  override readonly name = "StorageError";

  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
  }
}
