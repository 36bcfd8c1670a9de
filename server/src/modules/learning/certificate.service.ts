// Certificates: issued once per completed enrollment, looked up by their public code, valid while
// their enrollment lets its learner learn (a revoked or refunded enrollment revokes its certificate).
import type { Certificate } from "../../generated/prisma/client.ts";
import { createContext, defineLoader, pickBy, type Context } from "../../platform/context.ts";
import type { DomainEvents } from "../../platform/domain-events.ts";
import { notFound } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import { courseById, instructorsOf } from "../catalog/index.ts";
import { profileOf } from "../identity/index.ts";
import { canonicalCode, displayCode, newCertificateCode } from "./certificate.code.ts";
import { findVisibleEnrollment } from "./enrollment.service.ts";
import { hasEnded } from "./enrollment.policy.ts";
import { enrollmentById } from "./learning.loaders.ts";
import { certificateIssued } from "./learning.events.ts";

export type CertificateRow = Certificate;

export type CertificateStatus = "VALID" | "REVOKED";

export const CERTIFICATES_PATH = "/certificates";

export const certificateByEnrollment = defineLoader<string, CertificateRow | null>("certificateByEnrollment", async (context, ids) => {
  const rows = await context.db.certificate.findMany({ where: { enrollmentId: { in: [...ids] } } });
  return pickBy(ids, rows, (row) => row.enrollmentId);
});

/**
 * learning.courseCompleted's listener: the enrollment's certificate, saying what is true now (the
 * learner's display name, the course's title and instructors) and dated at the completion. Its
 * unique enrollment makes repeated and concurrent deliveries issue one.
 */
export async function issueCertificate(platform: Platform, completion: DomainEvents["learning.courseCompleted"]): Promise<void> {
  const context = createContext(platform, { requestId: `certificate:${completion.enrollmentId}`, viewer: null, ip: "" });
  const course = await context.loader(courseById).load(completion.courseId);
  // A course anyone enrolled in is never deleted (learning's deletion veto).
  if (!course) throw new Error(`course ${completion.courseId} of completed enrollment ${completion.enrollmentId} is gone`);
  const [recipient, instructors] = await Promise.all([profileOf(context, completion.userId), instructorsOf(context, course)]);
  const instructorNames = await Promise.all(instructors.map(async (instructor) => (await profileOf(context, instructor.id)).displayName));
  await context.db.$transaction(async (tx) => {
    const created = await tx.certificate.createManyAndReturn({
      data: [
        {
          enrollmentId: completion.enrollmentId,
          code: newCertificateCode(),
          recipientName: recipient.displayName,
          courseTitle: course.title,
          instructorNames,
          issuedAt: new Date(completion.completedAt),
        },
      ],
      skipDuplicates: true,
      select: { id: true, issuedAt: true },
    });
    // Announced once, with the certificate that was made (a repeated delivery makes none).
    for (const certificate of created) await certificateIssued(tx, certificate, completion);
  });
  // Skipped for a code already taken (one chance in 2^80 per certificate) as for the enrollment's
  // own certificate: only the first is done. Failing has the delivery retried with a new code.
  const issued = await context.db.certificate.findUnique({ where: { enrollmentId: completion.enrollmentId }, select: { id: true } });
  if (!issued) throw new Error(`certificate of enrollment ${completion.enrollmentId}: its code was taken, retrying with another`);
}

/** Anyone's lookup by the code (as typed); NOT_FOUND for a code no certificate has, or none could have. */
export async function getCertificateByCode(context: Context, typed: string): Promise<CertificateRow> {
  const code = canonicalCode(typed);
  const certificate = code && (await context.db.certificate.findUnique({ where: { code } }));
  if (!certificate) throw notFound("Certificate");
  return certificate;
}

/** Query.node: the certificate's learner, the course's instructors and admins (ids are not codes: by id it is not public). */
export async function findVisibleCertificate(context: Context, id: string): Promise<CertificateRow | null> {
  const certificate = await context.db.certificate.findUnique({ where: { id } });
  return certificate && (await findVisibleEnrollment(context, certificate.enrollmentId)) ? certificate : null;
}

export async function enrollmentOfCertificate(context: Context, certificate: CertificateRow) {
  const enrollment = await context.loader(enrollmentById).load(certificate.enrollmentId);
  if (!enrollment) throw notFound("Enrollment");
  return enrollment;
}

export async function certificateStatus(context: Context, certificate: CertificateRow): Promise<CertificateStatus> {
  return hasEnded(await enrollmentOfCertificate(context, certificate)) ? "REVOKED" : "VALID";
}

/** The public page that shows the certificate (and links its PDF). */
export function certificateUrl(context: Pick<Context, "config">, certificate: Pick<CertificateRow, "code">): string {
  return `${context.config.publicUrl}${CERTIFICATES_PATH}/${displayCode(certificate.code)}`;
}

/** What the public page and the PDF show. */
export interface CertificateDocument {
  /** As people see it, in groups. */
  code: string;
  recipientName: string;
  courseTitle: string;
  instructorNames: string[];
  issuedAt: Date;
  status: CertificateStatus;
  /** The public page, absolute: what the QR code holds. */
  url: string;
}

export async function certificateDocument(context: Context, certificate: CertificateRow): Promise<CertificateDocument> {
  return {
    code: displayCode(certificate.code),
    recipientName: certificate.recipientName,
    courseTitle: certificate.courseTitle,
    instructorNames: certificate.instructorNames,
    issuedAt: certificate.issuedAt,
    status: await certificateStatus(context, certificate),
    url: certificateUrl(context, certificate),
  };
}
