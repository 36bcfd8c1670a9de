import { StorageError } from "./storage-error.ts";

const MAX_KEY_BYTES = 1024;
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/**
 * Keys become file paths in the local driver, so anything that could walk out of the
 * storage root ("..", absolute paths, backslashes) is refused for every driver alike.
 */
export function assertValidObjectKey(key: string): void {
  assertValidPath(key, "key");
  if (key.endsWith("/")) throw new StorageError("INVALID_KEY", `invalid key "${key}": ends with "/"`);
}

/** A prefix is a key or the start of one, usually ending with "/" to mean a folder. */
export function assertValidKeyPrefix(prefix: string): void {
  assertValidPath(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix, "prefix");
}

export function encodeObjectKeyForUrl(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

function assertValidPath(value: string, what: "key" | "prefix"): void {
  const refuse = (reason: string): never => {
    throw new StorageError("INVALID_KEY", `invalid ${what} "${value}": ${reason}`);
  };
  if (value.length === 0) refuse("empty");
  if (Buffer.byteLength(value) > MAX_KEY_BYTES) refuse(`longer than ${MAX_KEY_BYTES} bytes`);
  if (FORBIDDEN_CHARACTERS.test(value)) refuse("contains a control character or a backslash");
  for (const segment of value.split("/")) {
    if (segment === "") refuse("empty path segment");
    if (segment === "." || segment === "..") refuse(`"${segment}" segment`);
  }
}
