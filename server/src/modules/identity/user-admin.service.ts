// Admins find users and change their roles; the platform always keeps at least one admin.
import type { Prisma, User } from "../../generated/prisma/client.ts";
import { Role } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";
import { conflict, forbidden, notFound } from "../../platform/errors.ts";
import { pageWindow, toConnection, type Connection } from "../../platform/pagination.ts";
import type { UsersArgs } from "./user-admin.type.ts";
import { userById } from "./user.loaders.ts";

export async function listUsers(context: Context, args: UsersArgs): Promise<Connection<User>> {
  const window = pageWindow(context, args, "users");
  const search = args.search?.trim();
  const where: Prisma.UserWhereInput = {
    ...(args.role && { role: args.role }),
    ...(search && {
      OR: [
        { email: { contains: search, mode: "insensitive" } },
        { profile: { displayName: { contains: search, mode: "insensitive" } } },
      ],
    }),
  };
  const [afterId] = (window.after ?? []) as string[];
  const rows = await context.db.user.findMany({
    where: afterId ? { AND: [where, { id: { gt: afterId } }] } : where,
    orderBy: { id: "asc" },
    take: window.limit + 1,
  });
  return toConnection(rows, window, (row) => [row.id], () => context.db.user.count({ where }));
}

export async function setUserRole(context: Context, userId: string, role: Role): Promise<User> {
  const user = await context.db.$transaction(async (tx) => {
    // Locking every admin row serialises concurrent demotions, so two admins cannot demote each other.
    const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE role = 'ADMIN' FOR UPDATE`;
    // The shield saw the caller's role before this lock; a demotion may have committed since.
    if (!admins.some((admin) => admin.id === context.viewer!.userId)) throw forbidden("You are no longer an admin.", { reason: "NO_LONGER_ADMIN" });
    const target = await tx.user.findUnique({ where: { id: userId } });
    if (!target) throw notFound("User");
    const losesAdmin = target.role === Role.ADMIN && role !== Role.ADMIN;
    if (losesAdmin && admins.length <= 1) throw conflict("The last admin cannot lose the ADMIN role.", { reason: "LAST_ADMIN", fields: { role: "would leave no admin" } });
    return target.role === role ? target : tx.user.update({ where: { id: userId }, data: { role } });
  });
  context.loader(userById).clear(userId);
  return user;
}
