/**
 * The containers the API accepts, by the file extensions browsers may not know a type for (or
 * announce under another name: audio/x-m4a, audio/mp3): videos, and sound files for audio-only lessons.
 */
const CONTENT_TYPE_OF_EXTENSION: Record<string, string> = {
  mp4: "video/mp4",
  m4v: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  mkv: "video/x-matroska",
  avi: "video/x-msvideo",
  m4a: "audio/mp4",
  mp3: "audio/mpeg",
  aac: "audio/aac",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  opus: "audio/opus",
  weba: "audio/webm",
  wav: "audio/wav",
};

export const ACCEPTED_VIDEO_TYPES = [...new Set(Object.values(CONTENT_TYPE_OF_EXTENSION))];

/**
 * What the file picker offers: the types, and the extensions too, since a system's picker may not
 * map a type to every extension it covers (audio/mp4 to .m4a, video/x-matroska to .mkv).
 */
export const PICKABLE_VIDEO_FILES = [...ACCEPTED_VIDEO_TYPES, ...Object.keys(CONTENT_TYPE_OF_EXTENSION).map((extension) => `.${extension}`)];

/** The content type to declare for `file`, or null when the API would refuse it. */
export function videoContentTypeOf(file: File): string | null {
  if (ACCEPTED_VIDEO_TYPES.includes(file.type)) return file.type;
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  return CONTENT_TYPE_OF_EXTENSION[extension] ?? null;
}
