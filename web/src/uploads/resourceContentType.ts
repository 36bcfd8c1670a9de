/**
 * The files a video's resources may be, by extension, with the content type the API expects for
 * each: by the name, since browsers announce some under other types (application/x-gzip) or none
 * (.key, .md). The API checks the bytes themselves.
 */
const CONTENT_TYPE_OF_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  key: "application/vnd.apple.keynote",
  odp: "application/vnd.oasis.opendocument.presentation",
  zip: "application/zip",
  "tar.gz": "application/gzip",
  tgz: "application/gzip",
  txt: "text/plain",
  csv: "text/plain",
  md: "text/markdown",
  markdown: "text/markdown",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/** What the file picker offers. */
export const PICKABLE_RESOURCE_FILES = Object.keys(CONTENT_TYPE_OF_EXTENSION).map((extension) => `.${extension}`);

/** The content type to declare for `file`, or null when the API would refuse it. */
export function resourceContentTypeOf(file: File): string | null {
  const name = file.name.toLowerCase();
  const extension = Object.keys(CONTENT_TYPE_OF_EXTENSION).find((candidate) => name.endsWith(`.${candidate}`));
  return extension ? CONTENT_TYPE_OF_EXTENSION[extension]! : null;
}

/** A short name of a resource's kind, for lists: "PDF", "Slides", "Archive". */
export function resourceKindOf(contentType: string): string {
  if (contentType === "application/pdf") return "PDF";
  if (contentType.includes("presentation") || contentType.includes("keynote")) return "Slides";
  if (contentType === "application/zip" || contentType === "application/gzip") return "Archive";
  if (contentType.startsWith("image/")) return "Image";
  return "Text";
}
