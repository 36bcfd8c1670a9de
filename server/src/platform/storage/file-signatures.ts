// How common file formats begin: an upload is checked against these, whatever name or type it was
// announced with, before anyone is given it.

export type FileSignature = "pdf" | "zip" | "gzip" | "png" | "jpeg" | "gif" | "webp";

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));
const startsWith = (head: Buffer, prefix: number[], at = 0) => prefix.every((byte, index) => head[at + index] === byte);

const SIGNATURES: Record<FileSignature, (head: Buffer) => boolean> = {
  pdf: (head) => startsWith(head, ascii("%PDF-")),
  // A local file header, or the end record alone of an empty archive.
  zip: (head) => startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]),
  gzip: (head) => startsWith(head, [0x1f, 0x8b, 0x08]),
  png: (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: (head) => startsWith(head, [0xff, 0xd8, 0xff]),
  gif: (head) => startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a")),
  webp: (head) => startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8),
};

/** Whether a file's first bytes are those of the format. */
export function hasSignature(signature: FileSignature, head: Buffer): boolean {
  return SIGNATURES[signature](head);
}

const PROGRAM_HEADERS = [
  ascii("MZ"), // Windows
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xfe, 0xed, 0xfa, 0xce], // Mach-O, both byte orders and widths, and universal binaries
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xca, 0xfe, 0xba, 0xbe],
  ascii("#!"), // a script
];

/** Whether a file's first bytes are those of a program or a script. */
export function isProgram(head: Buffer): boolean {
  return PROGRAM_HEADERS.some((header) => startsWith(head, header));
}
