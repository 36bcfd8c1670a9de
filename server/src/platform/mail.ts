// Outgoing mail: written to the outbox in the sender's transaction, delivered after commit.
import nodemailer, { type Transporter } from "nodemailer";
import { coalescedRuns } from "./coalesced-runs.ts";
import type { Database, Transaction } from "./db.ts";
import type { Logger } from "./logger.ts";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Queues a message inside the caller's transaction, so it exists only if the work commits. */
  enqueue(tx: Transaction, mail: OutgoingMail): Promise<void>;
  /** Sends what waits in the outbox; safe to call at any time and concurrently. */
  deliverPending(): Promise<void>;
}

const MAX_ATTEMPTS = 5;

/**
 * Without SMTP_URL (a developer's machine) a mail is not sent but shown in the log as one line a
 * person can act on: to whom, what about, and its links (a reset or verification link to open).
 * The whole text stays in the mail_outbox table.
 */
function unsentMailLine(mail: OutgoingMail): string {
  const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
  return [`mail to ${mail.to}: ${mail.subject}`, ...links].join(" — ");
}

export function createMailer(options: { db: Database; log: Logger; smtpUrl?: string; from: string }): Mailer {
  const { db, log, from } = options;
  const transport: Transporter | null = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;

  async function deliver(): Promise<void> {
    const pending = await db.mailOutbox.findMany({
      where: { sentAt: null, attempts: { lt: MAX_ATTEMPTS } },
      orderBy: { createdAt: "asc" },
      take: 50,
    });
    for (const mail of pending) {
      try {
        if (transport) await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
        else log.info(unsentMailLine(mail));
        await db.mailOutbox.update({ where: { id: mail.id }, data: { sentAt: new Date(), attempts: { increment: 1 } } });
      } catch (error) {
        log.warn({ err: error, mailId: mail.id }, "mail delivery failed; will retry");
        await db.mailOutbox.update({
          where: { id: mail.id },
          data: { attempts: { increment: 1 }, lastError: String(error).slice(0, 500) },
        });
      }
    }
  }

  return {
    async enqueue(tx, mail) {
      await tx.mailOutbox.create({ data: mail });
    },
    // A sign-up's mail still going out when a reset is asked for: the reset's mail gets the next run.
    deliverPending: coalescedRuns(deliver),
  };
}
