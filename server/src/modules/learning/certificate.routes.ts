// The public HTTP side of certificates: the page at Certificate.url, its PDF and credential, the
// page's styles, and the issuer's public key (JWKS) that verifies every credential.
import type { Request, Response, Router } from "express";
import { createContext, type Context } from "../../platform/context.ts";
import { codeOf, ErrorCode } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import { credentialOf, JWKS_PATH } from "./certificate.credential.ts";
import { certificateJwks } from "./certificate.keys.ts";
import { CERTIFICATE_STYLES, certificatePage, missingCertificatePage, STYLESHEET_PATH } from "./certificate.page.ts";
import { certificatePdf } from "./certificate.pdf.ts";
import {
  CERTIFICATES_PATH,
  certificateDocument,
  getCertificateByCode,
  type CertificateDocument,
  type CertificateRow,
} from "./certificate.service.ts";

/** A certificate's status may change (a revocation): browsers ask again each time. */
const REVALIDATE = "no-cache";

function anonymousContext(platform: Platform, request: Request): Context {
  return createContext(platform, { requestId: String(request.id), viewer: null, ip: request.ip ?? "" });
}

/**
 * The certificate of the :code in the path, with what its pages show; null after answering 404
 * (an unknown code) or 410 (a download of a revoked certificate, which its page still explains).
 */
async function certificateOf(
  platform: Platform,
  request: Request,
  response: Response,
  { downloadOnlyValid }: { downloadOnlyValid: boolean },
): Promise<{ context: Context; certificate: CertificateRow; document: CertificateDocument } | null> {
  const context = anonymousContext(platform, request);
  const certificate = await getCertificateByCode(context, String(request.params.code)).catch((error: unknown) => {
    if (codeOf(error) === ErrorCode.NOT_FOUND) return null;
    throw error;
  });
  response.setHeader("Cache-Control", REVALIDATE);
  // Names of people: not for search engines.
  response.setHeader("X-Robots-Tag", "noindex");
  if (!certificate) {
    response.status(404).type("html").send(missingCertificatePage());
    return null;
  }
  const document = await certificateDocument(context, certificate);
  if (downloadOnlyValid && document.status !== "VALID") {
    response.status(410).type("text/plain").send("This certificate was revoked.");
    return null;
  }
  return { context, certificate, document };
}

export function certificateRoutes(router: Router, platform: Platform): void {
  router.get(JWKS_PATH, async (_request, response) => {
    response.setHeader("Cache-Control", "public, max-age=300");
    response.json(await certificateJwks(platform.config));
  });

  router.get(STYLESHEET_PATH, (_request, response) => {
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.type("css").send(CERTIFICATE_STYLES);
  });

  router.get(`${CERTIFICATES_PATH}/:code`, async (request, response) => {
    const found = await certificateOf(platform, request, response, { downloadOnlyValid: false });
    if (!found) return;
    // A code typed in another form (lower case, no hyphens) is shown at its one address.
    if (request.params.code !== found.document.code) return void response.redirect(301, `${CERTIFICATES_PATH}/${found.document.code}`);
    response.type("html").send(await certificatePage(found.document));
  });

  router.get(`${CERTIFICATES_PATH}/:code/certificate.pdf`, async (request, response) => {
    const found = await certificateOf(platform, request, response, { downloadOnlyValid: true });
    if (!found) return;
    response.setHeader("Content-Disposition", `attachment; filename="certificate-${found.document.code}.pdf"`);
    response.type("pdf").send(await certificatePdf(found.document));
  });

  router.get(`${CERTIFICATES_PATH}/:code/credential.jwt`, async (request, response) => {
    const found = await certificateOf(platform, request, response, { downloadOnlyValid: true });
    if (!found) return;
    response.setHeader("Content-Disposition", `attachment; filename="certificate-${found.document.code}.jwt"`);
    response.type("application/vc+jwt").send(await credentialOf(found.context, found.certificate));
  });
}
