// Demo data for a fresh development database: one account per role. Runs once.
import type { Database } from "../server/src/platform/db.ts";
import { hashPassword } from "../server/src/modules/identity/index.ts";

export const DEMO_ACCOUNTS = [
  { role: "ADMIN", email: "admin@example.com", password: "admin-demo-2026", displayName: "Ada Admin" },
  { role: "INSTRUCTOR", email: "instructor@example.com", password: "teach-demo-2026", displayName: "Ian Instructor" },
  { role: "STUDENT", email: "student@example.com", password: "learn-demo-2026", displayName: "Sam Student" },
] as const;

/** Seeds when the database has no users yet; answers whether it did. */
export async function seedDemoData(db: Database): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  for (const account of DEMO_ACCOUNTS) {
    await db.user.create({
      data: {
        email: account.email,
        role: account.role,
        emailVerified: true,
        passwordHash: await hashPassword(account.password),
        profile: { create: { displayName: account.displayName } },
      },
    });
  }
  return true;
}
