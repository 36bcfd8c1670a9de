// The certificate's public page: what it says, whether it is still valid, its QR code and
// downloads, printable on one landscape page, in the API's own page shell (platform/html-page.ts).
import QRCode from "qrcode";
import { escapeHtml, htmlPage } from "../../platform/html-page.ts";
import { CERTIFICATES_PATH, type CertificateDocument } from "./certificate.service.ts";

export const STYLESHEET_PATH = `${CERTIFICATES_PATH}/certificate.css`;
export const pdfPath = (code: string) => `${CERTIFICATES_PATH}/${code}/certificate.pdf`;
export const credentialPath = (code: string) => `${CERTIFICATES_PATH}/${code}/credential.jwt`;

/** "30 November 2026": the day in UTC, the same wherever the page is read. */
export const issueDate = (date: Date) => date.toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "UTC" });

function layout(title: string, body: string): string {
  return htmlPage({ title, stylesheet: STYLESHEET_PATH, body });
}

export async function certificatePage(document: CertificateDocument): Promise<string> {
  const valid = document.status === "VALID";
  const qr = await QRCode.toString(document.url, { type: "svg", margin: 0, errorCorrectionLevel: "M" });
  const instructors = document.instructorNames.length
    ? `<p class="instructors">taught by ${document.instructorNames.map(escapeHtml).join(", ")}</p>`
    : "";
  const status = valid
    ? `<p class="status valid" role="status">Valid certificate: this learner completed this course.</p>`
    : `<p class="status revoked" role="status">Revoked: this certificate no longer vouches for its learner (their enrollment was revoked or refunded).</p>`;
  const downloads = valid
    ? `<nav class="downloads" aria-label="Downloads">
  <a href="${pdfPath(document.code)}" download>Download the PDF</a>
  <a href="${credentialPath(document.code)}" download>Download the Open Badges credential (VC-JWT)</a>
</nav>`
    : "";
  return layout(
    `Certificate of completion: ${document.recipientName}, ${document.courseTitle}`,
    `<main class="certificate${valid ? "" : " is-revoked"}">
${status}
<h1>Certificate of completion</h1>
<p class="lead">This certifies that</p>
<p class="recipient">${escapeHtml(document.recipientName)}</p>
<p class="lead">completed the course</p>
<p class="course">${escapeHtml(document.courseTitle)}</p>
${instructors}
<footer>
  <dl>
    <div><dt>Issued</dt><dd><time datetime="${document.issuedAt.toISOString()}">${issueDate(document.issuedAt)}</time></dd></div>
    <div><dt>Code</dt><dd class="code">${escapeHtml(document.code)}</dd></div>
    <div><dt>Verify at</dt><dd class="url">${escapeHtml(document.url)}</dd></div>
  </dl>
  <figure class="qr" aria-label="QR code of this page">${qr}</figure>
</footer>
</main>
${downloads}`,
  );
}

export function missingCertificatePage(): string {
  return layout(
    "Certificate not found",
    `<main class="certificate is-missing">
<h1>No certificate has this code</h1>
<p class="lead">Check the code against the certificate: it has sixteen letters and digits in groups of four.</p>
</main>`,
  );
}

export const CERTIFICATE_STYLES = `
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --accent: #0b6e4f; --danger: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; background: #f5f7fa; color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.certificate { max-width: 60rem; margin: 0 auto; padding: clamp(1.5rem, 5vw, 3.5rem); background: #fff; border: 0.5rem double var(--accent); text-align: center; }
.certificate.is-revoked { border-color: var(--danger); }
.status { margin: 0 0 1.5rem; padding: 0.5rem 1rem; border-radius: 0.25rem; font-weight: 600; }
.status.valid { background: #e3f4ec; color: var(--accent); }
.status.revoked { background: #fde8e7; color: var(--danger); }
h1 { margin: 0 0 1.5rem; font-size: clamp(1.5rem, 4vw, 2.25rem); letter-spacing: 0.08em; text-transform: uppercase; }
.lead { margin: 0.5rem 0; color: var(--muted); }
.recipient { margin: 0.25rem 0 1rem; font-size: clamp(1.75rem, 6vw, 2.75rem); font-weight: 700; overflow-wrap: anywhere; }
.course { margin: 0.25rem 0; font-size: clamp(1.25rem, 4vw, 1.75rem); font-weight: 600; overflow-wrap: anywhere; }
.instructors { margin: 0.25rem 0 0; color: var(--muted); overflow-wrap: anywhere; }
footer { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-end; justify-content: space-between; margin-top: 2.5rem; text-align: left; }
dl { margin: 0; display: grid; gap: 0.25rem; }
dl div { display: flex; gap: 0.5rem; flex-wrap: wrap; }
dt { color: var(--muted); }
dt::after { content: ":"; }
dd { margin: 0; }
.code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; letter-spacing: 0.05em; }
.url { overflow-wrap: anywhere; }
.qr { margin: 0; width: 7.5rem; height: 7.5rem; }
.qr svg { width: 100%; height: 100%; }
.downloads { max-width: 60rem; margin: 1rem auto 0; display: flex; flex-wrap: wrap; gap: 1rem; justify-content: center; }
.downloads a { color: var(--accent); font-weight: 600; padding: 0.5rem 0; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { padding: 0; background: #fff; }
  .certificate { max-width: none; border-width: 0.4rem; }
  .downloads { display: none; }
  .status { border: 1px solid currentColor; }
}
`;
