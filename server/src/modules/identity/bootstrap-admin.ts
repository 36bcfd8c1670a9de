// ADMIN_EMAIL + ADMIN_PASSWORD: the first admin of a fresh installation.
import { isUniqueViolation } from "../../platform/db.ts";
import type { Platform } from "../../platform/platform.ts";
import { normalizeEmail } from "./auth.service.ts";
import { hashPassword } from "./passwords.ts";

export async function ensureConfiguredAdmin(platform: Platform): Promise<void> {
  const admin = platform.config.admin;
  if (!admin) return;
  const email = normalizeEmail(admin.email);
  if (await platform.db.user.findUnique({ where: { email }, select: { id: true } })) return;
  try {
    await platform.db.user.create({
      data: {
        email,
        role: "ADMIN",
        passwordHash: await hashPassword(admin.password),
        profile: { create: { displayName: "Administrator" } },
      },
    });
  } catch (error) {
    // Replicas starting together on a fresh database: another one created it first.
    if (isUniqueViolation(error)) return;
    throw error;
  }
  platform.log.info({ email }, "created the configured admin account");
}
