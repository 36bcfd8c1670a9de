// Support views: an admin sees the site as another account, read-only, with a reason the account's
// owner reads in their support log. A view's token names the account and the admin's session; each
// request checks the view is still open, so ending it, signing the admin out or demoting them ends it.
import type { SupportView } from "../../generated/prisma/client.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import type { Context, Viewer } from "../../platform/context.ts";
import { Prisma, readRows } from "../../platform/db.ts";
import { badInput, invalidCredentials, notFound } from "../../platform/errors.ts";
import { parseId } from "../../platform/ids.ts";
import { pageWindow, toConnection, type Connection, type PageArgs } from "../../platform/pagination.ts";
import type { Platform } from "../../platform/platform.ts";
import { authorize, may } from "../../platform/policy.ts";
import type { StartSupportViewInput } from "./support-view.type.ts";
import { supportViewPolicy } from "./support-view.policy.ts";
import { issueAccessToken, type AccessClaims } from "./tokens.ts";
import { userById } from "./user.loaders.ts";

/** Long enough to follow a support request through the site, short enough to be started for it. */
export const SUPPORT_VIEW_MINUTES = 30;

const OPEN = Prisma.sql`v.ended_at IS NULL AND v.expires_at > now() AND s.revoked_at IS NULL AND a.role = 'ADMIN'`;

/** The viewer a support view's token stands for, while the view is open; else the request is refused (401). */
export async function authenticateSupportView(platform: Platform, viewId: string, claims: AccessClaims): Promise<Viewer> {
  // One statement, as for a session: the view, the admin's session and role, the account's role.
  const [view] = await readRows<{ userId: string; role: Role; adminId: string; sessionId: string; open: boolean }>(platform.db, Prisma.sql`
    SELECT v.user_id AS "userId", u.role::text AS role, v.admin_id AS "adminId", v.session_id AS "sessionId", ${OPEN} AS open
    FROM support_views v
    JOIN users u ON u.id = v.user_id
    JOIN users a ON a.id = v.admin_id
    JOIN sessions s ON s.id = v.session_id
    WHERE v.id = ${viewId}::uuid`);
  if (!view || !view.open || view.userId !== claims.userId || view.sessionId !== claims.sessionId) {
    throw invalidCredentials("The support view has ended.");
  }
  return { userId: view.userId, role: view.role, supportView: { id: viewId, adminId: view.adminId } };
}

export async function startSupportView(context: Context, input: StartSupportViewInput): Promise<{ supportView: SupportView; accessToken: string; accessTokenExpiresAt: Date }> {
  const admin = context.viewer!;
  const userId = parseId(input.userId, "User", "userId");
  const reason = input.reason.trim();
  if (!reason) throw badInput({ reason: "must say why, in words" });
  if (userId === admin.userId) throw badInput({ userId: "is your own account: you see it as it is already" });
  if (!(await context.loader(userById).load(userId))) throw notFound("User");
  const supportView = await context.db.supportView.create({
    data: { adminId: admin.userId, sessionId: admin.sessionId!, userId, reason, expiresAt: new Date(Date.now() + SUPPORT_VIEW_MINUTES * 60_000) },
  });
  const access = await issueAccessToken(
    { userId, sessionId: supportView.sessionId, supportViewId: supportView.id },
    context.config.jwtSecret,
    Math.floor((supportView.expiresAt.getTime() - Date.now()) / 1000),
  );
  context.log.info({ supportViewId: supportView.id, adminId: admin.userId, userId }, "support view started");
  return { supportView, accessToken: access.token, accessTokenExpiresAt: access.expiresAt };
}

/** Ends the view once; ending an ended or expired one answers it as it is. */
export async function endSupportView(context: Context, globalId: string): Promise<SupportView> {
  const view = await findVisibleSupportView(context, parseId(globalId, "SupportView", "id"));
  if (!view) throw notFound("SupportView");
  await authorize(context, supportViewPolicy.end, view);
  await context.db.supportView.updateMany({ where: { id: view.id, endedAt: null }, data: { endedAt: new Date() } });
  context.log.info({ supportViewId: view.id }, "support view ended");
  return context.db.supportView.findUniqueOrThrow({ where: { id: view.id } });
}

/** The viewer's support log, newest first. */
export async function supportViewsOfViewer(context: Context, args: PageArgs): Promise<Connection<SupportView>> {
  const window = pageWindow(context, args, "mySupportViews");
  const userId = context.viewer!.userId;
  const [beforeId] = (window.after ?? []) as string[];
  const rows = await context.db.supportView.findMany({
    where: { userId, ...(beforeId ? { id: { lt: beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: window.limit + 1,
  });
  return toConnection(rows, window, (row) => [row.id], () => context.db.supportView.count({ where: { userId } }));
}

/** Query.node: the account it showed, its admin and the view itself. */
export async function findVisibleSupportView(context: Context, id: string): Promise<SupportView | null> {
  const view = await context.db.supportView.findUnique({ where: { id } });
  return view && (await may(context, supportViewPolicy.read, view)) ? view : null;
}

/** Whether the view still shows its account (its admin's session and role are checked by each request). */
export function isActive(view: SupportView): boolean {
  return view.endedAt === null && view.expiresAt > new Date();
}
