// What a video's resource may be: its declared type, the names it may carry, and what its first
// bytes must look like. A learner downloads what an instructor uploaded, so a file is checked to be
// what it says, and nothing that runs (a program, a script) is let through under another name.
import { hasSignature, isProgram, type FileSignature } from "../../platform/storage/file-signatures.ts";

/** How the start of a file is recognised: a binary format's signature, or text. */
type Signature = FileSignature | "text";

interface ResourceType {
  /** What people call it, with its article, in messages. */
  label: string;
  /** The endings its file name may have, lowercased. */
  extensions: string[];
  signature: Signature;
}

/** By declared content type. Slides in PPTX, Keynote and ODP are ZIP containers, as are code archives. */
export const RESOURCE_TYPES: Record<string, ResourceType> = {
  "application/pdf": { label: "a PDF", extensions: ["pdf"], signature: "pdf" },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": { label: "a PowerPoint presentation", extensions: ["pptx"], signature: "zip" },
  "application/vnd.apple.keynote": { label: "a Keynote presentation", extensions: ["key"], signature: "zip" },
  "application/vnd.oasis.opendocument.presentation": { label: "an OpenDocument presentation", extensions: ["odp"], signature: "zip" },
  "application/zip": { label: "a ZIP archive", extensions: ["zip"], signature: "zip" },
  "application/gzip": { label: "a TAR.GZ archive", extensions: ["tar.gz", "tgz"], signature: "gzip" },
  "text/plain": { label: "a text file", extensions: ["txt", "csv"], signature: "text" },
  "text/markdown": { label: "a Markdown file", extensions: ["md", "markdown"], signature: "text" },
  "image/png": { label: "a PNG image", extensions: ["png"], signature: "png" },
  "image/jpeg": { label: "a JPEG image", extensions: ["jpg", "jpeg"], signature: "jpeg" },
  "image/gif": { label: "a GIF image", extensions: ["gif"], signature: "gif" },
  "image/webp": { label: "a WebP image", extensions: ["webp"], signature: "webp" },
};

/** Bytes read from the start of a stored file to check it. */
export const SNIFF_BYTES = 4096;

/** Text has no NUL and decodes as UTF-8, but for a character cut off at the end of what was read. */
function isText(bytes: Buffer, wholeFile: boolean): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: !wholeFile });
    return true;
  } catch {
    return false;
  }
}

/** Whether `fileName` ends with one of the type's extensions. */
export function hasExtensionOf(type: ResourceType, fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return type.extensions.some((extension) => lower.endsWith(`.${extension}`));
}

/**
 * Why the stored bytes are refused for the declared type, in words for the instructor; null when
 * they are what it says. `wholeFile`: the bytes are all of the file, not its start.
 */
export function refusalOfContent(contentType: string, bytes: Buffer, wholeFile: boolean): string | null {
  const type = RESOURCE_TYPES[contentType];
  if (!type) return "is of a type that cannot be attached";
  if (isProgram(bytes)) return "is a program or a script, which cannot be attached";
  const matches = type.signature === "text" ? isText(bytes, wholeFile) : hasSignature(type.signature, bytes);
  if (!matches) return `is not ${type.label}, whatever its name says; check that it opens, then upload it again`;
  return null;
}
