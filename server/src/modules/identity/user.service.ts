// Users as others see them, and a user's own profile.
import type { Profile, User } from "../../generated/prisma/client.ts";
import type { Context } from "../../platform/context.ts";
import { notFound } from "../../platform/errors.ts";
import { parseDisplayName, type UpdateProfileInput } from "./user.type.ts";
import { profileByUserId, userById } from "./user.loaders.ts";
import { authLimits } from "./auth.limits.ts";
import { parseEmail } from "./auth.service.ts";
import { may } from "../../platform/policy.ts";
import { teachesCourses, userPolicy } from "./user.policy.ts";

export function findUser(context: Context, id: string): Promise<User | null> {
  return context.loader(userById).load(id);
}

export async function getUser(context: Context, id: string): Promise<User> {
  const user = await findUser(context, id);
  if (!user) throw notFound("User");
  return user;
}

export async function profileOf(context: Context, userId: string): Promise<Profile> {
  const profile = await context.loader(profileByUserId).load(userId);
  if (!profile) throw notFound("Profile");
  return profile;
}

/**
 * For course owners adding a co-instructor: the instructor (or admin) with exactly this address,
 * else null. Only exact addresses, throttled per viewer, so it cannot list or sift people.
 */
export async function findInstructorByEmail(context: Context, rawEmail: string): Promise<User | null> {
  const email = parseEmail(rawEmail);
  await authLimits(context).instructorLookupsPerViewer.consume(context.viewer!.userId);
  const user = await context.db.user.findUnique({ where: { email } });
  return user && teachesCourses(user) ? user : null;
}

export async function visibleEmail(context: Context, user: User): Promise<string | null> {
  return (await may(context, userPolicy.seeEmail, user)) ? user.email : null;
}

export async function updateOwnProfile(context: Context, input: UpdateProfileInput): Promise<User> {
  const userId = context.viewer!.userId;
  const emptyToNull = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);
  await context.db.profile.update({
    where: { userId },
    data: {
      displayName: input.displayName == null ? undefined : parseDisplayName(input.displayName),
      avatarUrl: emptyToNull(input.avatarUrl),
      bio: emptyToNull(input.bio),
    },
  });
  context.loader(profileByUserId).clear(userId);
  return getUser(context, userId);
}
