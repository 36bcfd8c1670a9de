// The mail a person would receive, read from the outbox the server writes it to.
import type { TestServer } from "./test-server.ts";

/** The token of the newest link to `page` (a path of the web client) mailed to `email`. */
export async function mailedToken(server: TestServer, email: string, page: "verify-email" | "reset-password"): Promise<string> {
  const link = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`);
  const mails = await server.db.mailOutbox.findMany({ where: { to: email }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const token = mails.map((mail) => link.exec(mail.text)?.[1]).find(Boolean);
  if (!token) throw new Error(`no ${page} link among ${mails.length} mails to ${email}`);
  return token;
}
