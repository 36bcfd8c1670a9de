/** The containers the API accepts, by the file extensions browsers may not know a type for. */
const CONTENT_TYPE_OF_EXTENSION: Record<string, string> = {
  mp4: "video/mp4",
  m4v: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  mkv: "video/x-matroska",
};

export const ACCEPTED_VIDEO_TYPES = [...new Set(Object.values(CONTENT_TYPE_OF_EXTENSION))];

/** The content type to declare for `file`, or null when the API would refuse it. */
export function videoContentTypeOf(file: File): string | null {
  if (ACCEPTED_VIDEO_TYPES.includes(file.type)) return file.type;
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  return CONTENT_TYPE_OF_EXTENSION[extension] ?? null;
}
