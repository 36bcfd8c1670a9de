import type { Profile, User } from "../../generated/prisma/client.ts";
import { defineLoader, pickBy } from "../../platform/context.ts";
import { selectList } from "../../platform/db.ts";

const USER_SELECT = selectList<User>(
  {
    id: "id",
    email: "email",
    passwordHash: "password_hash",
    role: "role",
    emailVerified: "email_verified",
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
  "u",
);

const PROFILE_SELECT = selectList<Profile>(
  { userId: "user_id", displayName: "display_name", avatarUrl: "avatar_url", bio: "bio" },
  "p",
);

export const userById = defineLoader<string, User | null>("userById", async (context, ids) => {
  const rows = await context.db.$queryRaw<User[]>`SELECT ${USER_SELECT} FROM users u WHERE u.id = ANY(${ids}::uuid[])`;
  return pickBy(ids, rows, (user) => user.id);
});

export const profileByUserId = defineLoader<string, Profile | null>("profileByUserId", async (context, ids) => {
  const rows = await context.db.$queryRaw<Profile[]>`SELECT ${PROFILE_SELECT} FROM profiles p WHERE p.user_id = ANY(${ids}::uuid[])`;
  return pickBy(ids, rows, (profile) => profile.userId);
});
