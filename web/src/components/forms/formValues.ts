/** A text field's value, trimmed. */
export function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** A secret is sent exactly as typed: spaces may be part of it. */
export function secretOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

/** A trimmed optional value; blank means "none", sent as null. */
export function optionalTextOf(data: FormData, name: string): string | null {
  return textOf(data, name) || null;
}
