// Password hashing (argon2id, OWASP parameters) and the password policy.
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { badInput } from "../../platform/errors.ts";

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

// OWASP's first argon2id recommendation: 19 MiB, 2 iterations, 1 lane (argon2id is the library's default algorithm).
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

let commonPasswords: Set<string> | undefined;

function isCommon(password: string): boolean {
  commonPasswords ??= new Set(
    (dictionary["passwords-common"] as string[]).filter((word) => word.length >= MIN_PASSWORD_LENGTH),
  );
  return commonPasswords.has(password.toLowerCase());
}

/** Throws BAD_USER_INPUT naming `field` when the password may not be used. */
export function checkPasswordPolicy(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw badInput({ [field]: `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long` });
  }
  if (isCommon(password)) throw badInput({ [field]: "is one of the most common passwords; choose another" });
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// Compared against when the email is unknown, so both answers take as long.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  decoyHash ??= hashPassword("decoy password never used");
  const matches = await verify(passwordHash ?? (await decoyHash), password).catch(() => false);
  return passwordHash !== null && matches;
}
