// The certificate as a one-page PDF (A4 landscape) with a QR code of its public page.
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { CertificateDocument } from "./certificate.service.ts";
import { issueDate } from "./certificate.page.ts";

/**
 * PDF's built-in Helvetica knows Western European letters only; a learner named in another script
 * needs a font with their letters, DejaVu where the system has it (Debian's fonts-dejavu-core).
 */
const UNICODE_FONTS = { regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", bold: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" };
const FONTS = existsSync(UNICODE_FONTS.regular) && existsSync(UNICODE_FONTS.bold) ? UNICODE_FONTS : { regular: "Helvetica", bold: "Helvetica-Bold" };

const INK = "#1f2933";
const MUTED = "#52606d";
const ACCENT = "#0b6e4f";
const QR_SIZE = 110;

export async function certificatePdf(document: CertificateDocument): Promise<Buffer> {
  const qr = await QRCode.toBuffer(document.url, { type: "png", margin: 1, width: QR_SIZE * 3, errorCorrectionLevel: "M" });
  const pdf = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    info: {
      Title: `Certificate ${document.code}`,
      Subject: `${document.recipientName} completed ${document.courseTitle}`,
      Author: "Courses",
    },
  });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  const { width, height } = pdf.page;
  const margin = 48;
  const textWidth = width - 2 * margin - 40;
  pdf.lineWidth(3).strokeColor(ACCENT).rect(24, 24, width - 48, height - 48).stroke();
  pdf.lineWidth(1).rect(30, 30, width - 60, height - 60).stroke();

  const centered = (text: string, font: string, size: number, color: string, gap: number) => {
    pdf.font(font).fontSize(size).fillColor(color).text(text, margin + 20, pdf.y, { width: textWidth, align: "center" });
    pdf.moveDown(gap);
  };
  pdf.y = 110;
  centered("CERTIFICATE OF COMPLETION", FONTS.bold, 28, INK, 0.8);
  centered("This certifies that", FONTS.regular, 14, MUTED, 0.4);
  centered(document.recipientName, FONTS.bold, 30, INK, 0.4);
  centered("completed the course", FONTS.regular, 14, MUTED, 0.4);
  centered(document.courseTitle, FONTS.bold, 22, INK, 0.3);
  if (document.instructorNames.length) centered(`taught by ${document.instructorNames.join(", ")}`, FONTS.regular, 13, MUTED, 0);

  const bottom = height - margin - 24 - QR_SIZE;
  pdf.image(qr, width - margin - 20 - QR_SIZE, bottom, { width: QR_SIZE, height: QR_SIZE });
  const details = [`Issued ${issueDate(document.issuedAt)}`, `Code ${document.code}`, `Verify at ${document.url}`];
  pdf.font(FONTS.regular).fontSize(11).fillColor(INK);
  pdf.text(details.join("\n"), margin + 20, bottom + QR_SIZE - 3 * 16, { width: width - 2 * margin - QR_SIZE - 60, lineGap: 3 });
  pdf.end();
  return done;
}
