// Opaque global ids: base64url("Type:uuid"). Every ID argument goes through parseId.
import { badInput } from "./errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}

/** The type and database id behind a global id, or null when it is not one of ours. */
export function decodeGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== "string" || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, "base64url").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator < 1) return null;
  const id = decoded.slice(separator + 1);
  return UUID.test(id) ? { type: decoded.slice(0, separator), id: id.toLowerCase() } : null;
}

/** The database id of a global id of the expected type; BAD_USER_INPUT naming the field otherwise. */
export function parseId(globalId: string, type: string, field: string): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== type) throw badInput({ [field]: `is not a valid ${type} id` });
  return decoded.id;
}

export function parseOptionalId(globalId: string | null | undefined, type: string, field: string): string | undefined {
  return globalId == null ? undefined : parseId(globalId, type, field);
}
