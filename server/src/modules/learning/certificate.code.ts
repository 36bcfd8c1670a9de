// Certificate codes: 80 random bits in Crockford's base32, shown in groups of four
// (7KQ2-M9XD-4T0B-HW3R), read back forgivingly (any case, with or without hyphens or spaces, O
// for 0, I and L for 1) since people type them from paper.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_BYTES = 10;
/** 80 bits, 5 per character. */
const CODE_LENGTH = (CODE_BYTES * 8) / 5;
const GROUP = 4;
/** Room for any spacing people give a code, and no more. */
const MAX_TYPED_LENGTH = 64;
const CANONICAL = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

/** A new code, canonical (no hyphens): unguessable, so knowing one tells nothing of another. */
export function newCertificateCode(): string {
  let bits = 0n;
  for (const byte of randomBytes(CODE_BYTES)) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let index = CODE_LENGTH - 1; index >= 0; index -= 1) code += ALPHABET[Number((bits >> BigInt(index * 5)) & 31n)];
  return code;
}

/** The canonical code a person's typing stands for; null when it cannot be a code. */
export function canonicalCode(typed: string): string | null {
  if (typed.length > MAX_TYPED_LENGTH) return null;
  const code = typed
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return CANONICAL.test(code) ? code : null;
}

/** The code as people see it, in groups of four. */
export function displayCode(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, "g"))!.join("-");
}
