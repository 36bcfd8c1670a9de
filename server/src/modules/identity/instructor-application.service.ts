// Becoming an instructor: a student applies, an admin approves (which grants the role) or rejects.
import type { InstructorApplication } from "../../generated/prisma/client.ts";
import { InstructorApplicationStatus } from "../../generated/prisma/enums.ts";
import type { Context } from "../../platform/context.ts";
import { badInput, conflict, notFound } from "../../platform/errors.ts";
import { pageWindow, toConnection, type Connection, type CursorValues } from "../../platform/pagination.ts";
import {
  ApplicationDecision,
  DECISION_NOTE_MAX,
  type InstructorApplicationInput,
  type InstructorApplicationsArgs,
} from "./instructor-application.type.ts";
import { requireVerifiedEmail } from "./email-verification.service.ts";
import { may } from "../../platform/policy.ts";
import { instructorApplicationPolicy } from "./user.policy.ts";

/** The review queue's order: pending first, then decided ones; oldest first within each. */
const STATUS_ORDER: InstructorApplicationStatus[] = [
  InstructorApplicationStatus.PENDING,
  InstructorApplicationStatus.APPROVED,
  InstructorApplicationStatus.REJECTED,
];

function requireText(value: string, field: string): string {
  const text = value.trim();
  if (!text) throw badInput({ [field]: "must not be blank" });
  return text;
}

export async function applyToTeach(context: Context, input: InstructorApplicationInput): Promise<InstructorApplication> {
  const applicantId = context.viewer!.userId;
  // Admins review people who can be reached: the address must be proven first.
  await requireVerifiedEmail(context);
  const headline = requireText(input.headline, "headline");
  const motivation = requireText(input.motivation, "motivation");
  return context.db.$transaction(async (tx) => {
    // Locking the applicant's row serialises concurrent applications, so only one can be pending.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${applicantId}::uuid FOR UPDATE`;
    const pending = await tx.instructorApplication.findFirst({
      where: { applicantId, status: InstructorApplicationStatus.PENDING },
      select: { id: true },
    });
    if (pending) throw conflict("You already have a pending application.", { reason: "APPLICATION_PENDING" });
    return tx.instructorApplication.create({ data: { applicantId, headline, motivation } });
  });
}

/** The viewer's latest application, whatever its status. */
export function myLatestApplication(context: Context): Promise<InstructorApplication | null> {
  return context.db.instructorApplication.findFirst({ where: { applicantId: context.viewer!.userId }, orderBy: { id: "desc" } });
}

export async function listApplications(context: Context, args: InstructorApplicationsArgs): Promise<Connection<InstructorApplication>> {
  const window = pageWindow(context, args, "instructorApplications");
  const statuses = args.status ? [args.status] : STATUS_ORDER;
  const after = window.after && parseQueueCursor(window.after);
  const where = {
    status: { in: statuses },
    ...(after && {
      OR: [
        { status: after.status, id: { gt: after.id } },
        { status: { in: STATUS_ORDER.slice(STATUS_ORDER.indexOf(after.status) + 1) } },
      ],
    }),
  };
  // Postgres orders an enum by its declaration order, which is STATUS_ORDER.
  const rows = await context.db.instructorApplication.findMany({
    where,
    orderBy: [{ status: "asc" }, { id: "asc" }],
    take: window.limit + 1,
  });
  return toConnection(
    rows,
    window,
    (row) => [STATUS_ORDER.indexOf(row.status), row.id],
    () => context.db.instructorApplication.count({ where: { status: { in: statuses } } }),
  );
}

function parseQueueCursor(values: CursorValues): { status: InstructorApplicationStatus; id: string } {
  const [rank, id] = values as [number, string];
  return { status: STATUS_ORDER[rank], id };
}

export async function reviewApplication(
  context: Context,
  id: string,
  decision: ApplicationDecision,
  rawNote: string | null | undefined,
): Promise<InstructorApplication> {
  const note = rawNote?.trim() || null;
  if (note && note.length > DECISION_NOTE_MAX) throw badInput({ note: `must be at most ${DECISION_NOTE_MAX} characters long` });
  const reviewerId = context.viewer!.userId;
  const approved = decision === ApplicationDecision.APPROVE;
  const application = await context.db.$transaction(async (tx) => {
    const decided = await tx.instructorApplication.updateMany({
      where: { id, status: InstructorApplicationStatus.PENDING },
      data: {
        status: approved ? InstructorApplicationStatus.APPROVED : InstructorApplicationStatus.REJECTED,
        reviewerId,
        decisionNote: note,
        reviewedAt: new Date(),
      },
    });
    const row = await tx.instructorApplication.findUnique({ where: { id } });
    if (!row) throw notFound("Instructor application");
    if (decided.count === 0) throw conflict("This application has already been reviewed.", { reason: "APPLICATION_ALREADY_REVIEWED" });
    // An applicant who became an admin meanwhile keeps the wider role.
    if (approved) await tx.user.updateMany({ where: { id: row.applicantId, role: "STUDENT" }, data: { role: "INSTRUCTOR" } });
    return row;
  });
  return application;
}

/** Query.node: an application is visible to its applicant and to admins. */
export async function findVisibleApplication(context: Context, id: string): Promise<InstructorApplication | null> {
  if (!context.viewer) return null;
  const application = await context.db.instructorApplication.findUnique({ where: { id } });
  return application && (await may(context, instructorApplicationPolicy.read, application)) ? application : null;
}
