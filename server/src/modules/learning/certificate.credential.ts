// A certificate as an Open Badges 3.0 credential (an OpenBadgeCredential, W3C Verifiable
// Credentials 2.0), secured as a VC-JWT (VC-JOSE-COSE): the credential is the JWT's claims set,
// signed with the issuer's Ed25519 key (EdDSA) whose public half /.well-known/jwks.json serves.
// It is made from the stored certificate each time, with the issue date as its time, so the same
// key signs the same credential byte for byte (Ed25519 signatures are deterministic).
import { SignJWT } from "jose";
import type { Config } from "../../platform/config.ts";
import type { Context } from "../../platform/context.ts";
import { certificateSigningKey } from "./certificate.keys.ts";
import { certificateStatus, certificateUrl, enrollmentOfCertificate, type CertificateRow } from "./certificate.service.ts";

const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
const OPEN_BADGES_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const ISSUER_NAME = "Courses";
export const JWKS_PATH = "/.well-known/jwks.json";

/** The issuer: the platform at its public URL, where verifiers find its keys. */
const issuerId = (config: Config) => config.publicUrl;

interface CredentialSubjectFacts {
  /** The certificate's public page: the credential's id. */
  url: string;
  courseId: string;
}

function openBadgeCredential(config: Config, certificate: CertificateRow, facts: CredentialSubjectFacts) {
  const issuer = { id: issuerId(config), type: ["Profile"], name: ISSUER_NAME };
  const teachers = certificate.instructorNames.join(", ");
  return {
    "@context": [VC_CONTEXT, OPEN_BADGES_CONTEXT],
    id: facts.url,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer,
    validFrom: certificate.issuedAt.toISOString(),
    name: `${certificate.courseTitle}: certificate of completion`,
    credentialSubject: {
      type: ["AchievementSubject"],
      // The learner as the certificate names them (their display name at issue time), not hashed: the page shows it too.
      identifier: [{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: certificate.recipientName }],
      achievement: {
        id: `urn:uuid:${facts.courseId}`,
        type: ["Achievement"],
        achievementType: "Certificate",
        name: certificate.courseTitle,
        description: teachers ? `Completed the course ${certificate.courseTitle}, taught by ${teachers}.` : `Completed the course ${certificate.courseTitle}.`,
        criteria: { narrative: "Watched every video of the course to completion." },
        creator: issuer,
      },
    },
  };
}

/** The signed credential, a compact JWS (header typ vc+jwt, alg EdDSA, kid of the JWKS key). */
async function signedCredential(config: Config, certificate: CertificateRow, facts: CredentialSubjectFacts): Promise<string> {
  const key = await certificateSigningKey(config);
  return new SignJWT(openBadgeCredential(config, certificate, facts))
    .setProtectedHeader({ alg: "EdDSA", typ: "vc+jwt", cty: "vc", kid: key.publicJwk.kid })
    .setIssuer(issuerId(config))
    .setJti(facts.url)
    .setIssuedAt(Math.floor(certificate.issuedAt.getTime() / 1000))
    .sign(key.privateKey);
}

/** The certificate's signed credential; null once revoked (one handed out before stays signed: the page tells its status). */
export async function credentialOf(context: Context, certificate: CertificateRow): Promise<string | null> {
  const [status, enrollment] = await Promise.all([certificateStatus(context, certificate), enrollmentOfCertificate(context, certificate)]);
  if (status === "REVOKED") return null;
  return signedCredential(context.config, certificate, { url: certificateUrl(context, certificate), courseId: enrollment.courseId });
}
