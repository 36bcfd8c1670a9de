// What a video's resource may be: its declared type, the names it may carry, and what its first
// bytes must look like. A learner downloads what an instructor uploaded, so a file is checked to be
// what it says, and nothing that runs (a program, a script) is let through under another name.

/** How the start of a file is recognised. */
type Signature = "pdf" | "zip" | "gzip" | "png" | "jpeg" | "gif" | "webp" | "text";

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

const startsWith = (bytes: Buffer, prefix: number[], at = 0) => prefix.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Programs by their headers: Windows (MZ), ELF, Mach-O (both byte orders, and universal), and scripts (#!). */
function isExecutable(bytes: Buffer): boolean {
  const programs = [ascii("MZ"), [0x7f, 0x45, 0x4c, 0x46], [0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe], ascii("#!")];
  return programs.some((header) => startsWith(bytes, header));
}

/** Text has no NUL and decodes as UTF-8, but for a character cut off at the end of what was read. */
function isText(bytes: Buffer, wholeFile: boolean): boolean {
  if (bytes.includes(0)) return false;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    decoder.decode(bytes, { stream: !wholeFile });
    return true;
  } catch {
    return false;
  }
}

function matches(signature: Signature, bytes: Buffer, wholeFile: boolean): boolean {
  switch (signature) {
    case "pdf":
      return startsWith(bytes, ascii("%PDF-"));
    case "zip":
      // A local file header, or the end record alone of an empty archive.
      return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
    case "gzip":
      return startsWith(bytes, [0x1f, 0x8b, 0x08]);
    case "png":
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case "jpeg":
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case "gif":
      return startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"));
    case "webp":
      return startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8);
    case "text":
      return isText(bytes, wholeFile);
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
  if (isExecutable(bytes)) return "is a program or a script, which cannot be attached";
  if (!matches(type.signature, bytes, wholeFile)) return `is not ${type.label}, whatever its name says; check that it opens, then upload it again`;
  return null;
}
