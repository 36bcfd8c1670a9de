import { defineLoader, pickBy } from "../../platform/context.ts";
import type { Profile, User } from "../../generated/prisma/client.ts";

export const userById = defineLoader<string, User | null>("userById", async (context, ids) =>
  pickBy(ids, await context.db.user.findMany({ where: { id: { in: [...ids] } } }), (user) => user.id),
);

export const profileByUserId = defineLoader<string, Profile | null>("profileByUserId", async (context, ids) =>
  pickBy(ids, await context.db.profile.findMany({ where: { userId: { in: [...ids] } } }), (profile) => profile.userId),
);
