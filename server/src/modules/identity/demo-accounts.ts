// The demo accounts the first start creates (prisma/seed.ts) and the sign-in page offers to sign in
// as with one click, so a person can switch roles and see the interface change: in development
// only, and only those still in the database. Their passwords are the README's.
import { Field, ObjectType } from "type-graphql";
import { Role } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";

export const DEMO_ACCOUNTS = [
  { role: "ADMIN", email: "admin@example.com", password: "admin-demo-2026", displayName: "Ada Admin" },
  { role: "INSTRUCTOR", email: "instructor@example.com", password: "teach-demo-2026", displayName: "Ian Instructor" },
  { role: "STUDENT", email: "student@example.com", password: "learn-demo-2026", displayName: "Sam Student" },
] as const satisfies readonly { role: Role; email: string; password: string; displayName: string }[];

@ObjectType({ description: "A demo account's sign-in, offered in development when the demo data is on." })
export class DemoAccount {
  @Field(() => Role) role!: Role;
  @Field() email!: string;
  @Field({ description: "The demo password, as the README gives it." }) password!: string;
  @Field() displayName!: string;
}

/** The demo accounts to offer: none in production or without the demo data, and none deleted since. */
export async function demoAccounts(context: Context): Promise<DemoAccount[]> {
  if (context.config.isProduction || !context.config.seedDemoData) return [];
  const emails = DEMO_ACCOUNTS.map((account) => account.email);
  const present = await context.db.user.findMany({ where: { email: { in: emails } }, select: { email: true } });
  const existing = new Set(present.map((user) => user.email));
  return DEMO_ACCOUNTS.filter((account) => existing.has(account.email));
}
