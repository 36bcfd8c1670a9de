import type { Profile, User } from "../../generated/prisma/client.ts";
import { defineLoader, pickBy } from "../../platform/context.ts";
import { Prisma, selectList } from "../../platform/db.ts";

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
const PROFILE_JSON = Prisma.raw(`'userId', p.user_id, 'displayName', p.display_name, 'avatarUrl', p.avatar_url, 'bio', p.bio`);

/**
 * Users with their profiles in one statement: whoever shows a user (a catalog page's instructors)
 * almost always shows the display name next, which then needs no round trip of its own.
 */
export const userById = defineLoader<string, User | null>("userById", async (context, ids) => {
  const rows = await context.db.$queryRaw<(User & { profile: Profile | null })[]>`
    SELECT ${USER_SELECT}, CASE WHEN p.user_id IS NULL THEN NULL ELSE json_build_object(${PROFILE_JSON}) END AS "profile"
    FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id = ANY(${ids}::uuid[])`;
  const profiles = context.loader(profileByUserId);
  const users = rows.map(({ profile, ...user }) => {
    profiles.prime(user.id, profile);
    return user;
  });
  return pickBy(ids, users, (user) => user.id);
});

export const profileByUserId = defineLoader<string, Profile | null>("profileByUserId", async (context, ids) => {
  const rows = await context.db.$queryRaw<Profile[]>`SELECT ${PROFILE_SELECT} FROM profiles p WHERE p.user_id = ANY(${ids}::uuid[])`;
  return pickBy(ids, rows, (profile) => profile.userId);
});
