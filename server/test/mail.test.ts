// Mail over SMTP, against a real SMTP peer on loopback: delivered after commit, retried on failure.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { signUp } from "../src/modules/identity/identity.fixtures.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { waitUntil } from "./support/wait.ts";

interface Received {
  from: string;
  to: string[];
  body: string;
}

const received: Received[] = [];
let refuseRecipients = false;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onRcptTo(_address, _session, callback) {
    callback(refuseRecipients ? Object.assign(new Error("mailbox unavailable"), { responseCode: 450 }) : undefined);
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        to: session.envelope.rcptTo.map((r) => r.address),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      callback();
    });
  },
});

let server: TestServer;
beforeAll(async () => {
  smtp.listen(0, "127.0.0.1");
  await once(smtp.server, "listening");
  const { port } = smtp.server.address() as AddressInfo;
  server = await startTestServer({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: "Courses <courses@example.com>",
    PUBLIC_URL: "https://courses.example.com",
    AUTH_IP_LIMIT_PER_MINUTE: "1000",
  });
});
afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const REQUEST = `mutation($email: String!) { requestPasswordReset(email: $email) }`;

const MAIL_TIMEOUT_MS = 5_000;

/** Sign-up mails a verification link too: these tests follow the reset mail. */
const resetMailTo = (email: string) => server.db.mailOutbox.findFirst({ where: { to: email, subject: "Reset your password" } });
const receivedResetMailsTo = (email: string) => received.filter((mail) => mail.to.includes(email) && /Subject: Reset your password/.test(mail.body));

it("sends the reset mail over SMTP with a link to the public URL, and marks it sent", async () => {
  const account = await signUp(server);
  await server.graphql(REQUEST, { email: account.email });
  await waitUntil("the mail", () => receivedResetMailsTo(account.email).length > 0, MAIL_TIMEOUT_MS);
  const [mail] = receivedResetMailsTo(account.email);
  expect(mail.from).toBe("courses@example.com");
  const quotedPrintableDecoded = mail.body.replace(/=\r?\n/g, "").replaceAll("=3D", "=");
  expect(quotedPrintableDecoded).toMatch(/https:\/\/courses\.example\.com\/reset-password\?token=[A-Za-z0-9_-]{43}/);
  await waitUntil("sentAt", async () => (await resetMailTo(account.email))?.sentAt != null, MAIL_TIMEOUT_MS);
});

it("keeps a refused message in the outbox with the reason, and delivers it on a later attempt", async () => {
  const account = await signUp(server);
  await waitUntil("the sign-up's mail sent", async () => (await server.db.mailOutbox.findFirst({ where: { to: account.email } }))?.sentAt != null, MAIL_TIMEOUT_MS);
  refuseRecipients = true;
  await server.graphql(REQUEST, { email: account.email });
  await waitUntil("a failed attempt", async () => ((await resetMailTo(account.email))?.attempts ?? 0) > 0, MAIL_TIMEOUT_MS);
  const failed = (await resetMailTo(account.email))!;
  expect(failed.sentAt).toBeNull();
  expect(failed.lastError).toMatch(/mailbox unavailable/);

  refuseRecipients = false;
  await server.app.platform.mailer.deliverPending();
  const delivered = (await resetMailTo(account.email))!;
  expect(delivered.sentAt).not.toBeNull();
  expect(delivered.attempts).toBe(2);
  expect(receivedResetMailsTo(account.email)).toHaveLength(1);
});
