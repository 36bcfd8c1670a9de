// Certificates through the public API and HTTP: issued once per completion (also under concurrent
// deliveries), verified by anyone by their code, shown on a public page that escapes what people
// typed, downloaded as a PDF, and signed as an Open Badges credential the published key verifies.
import { generateKeyPairSync } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { expectError } from "../../../test/support/errors.ts";
import { databaseId } from "../../../test/support/ids.ts";
import { startTestServer, UNTHROTTLED, type TestServer } from "../../../test/support/test-server.ts";
import { waitUntil } from "../../../test/support/wait.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { addCoInstructor } from "../catalog/catalog.fixtures.ts";
import { signUp, signUpCast, type Cast } from "../identity/identity.fixtures.ts";
import { learning } from "./index.ts";
import { CERTIFICATE_FIELDS, completeCourse, courseToLearn, enrollAs, record, REVOKE, viewerCertificate } from "./learning.fixtures.ts";

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer(UNTHROTTLED);
  cast = await signUpCast(server);
});
afterAll(() => server.close());

const CERTIFICATE = /* GraphQL */ `query ($code: String!) { certificate(code: $code) { ${CERTIFICATE_FIELDS} } }`;
const UPDATE_NAME = /* GraphQL */ `mutation ($name: String!) { updateProfile(input: { displayName: $name }) { id } }`;
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** A course of the owner's, with the co-instructor on its team and one 4-second video, completed by a new learner named `name`. */
async function certifiedLearner(name = "Ada Lovelace") {
  const course = await courseToLearn(server, cast.owner.accessToken, [4], { title: "Analytical Engines" });
  await addCoInstructor(server, cast.owner.accessToken, course.courseId, cast.coInstructor.id);
  const learner = await signUp(server, { displayName: name });
  const certificate = await completeCourse(server, learner.accessToken, course, [4]);
  return { course, learner, certificate };
}

const enrollmentOf = (userId: string, courseId: string) =>
  server.db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: databaseId(userId), courseId: databaseId(courseId) } } });

/** The path of an absolute URL the API made (its PUBLIC_URL is not the test server's address). */
const onServer = (url: string) => `${server.url}${new URL(url).pathname}`;

describe("issue", () => {
  it("issues a certificate on completion, with the names of the day, dated at the completion", async () => {
    const { course, learner, certificate } = await certifiedLearner();
    const enrollment = await enrollmentOf(learner.id, course.courseId);
    expect(certificate).toMatchObject({
      code: expect.stringMatching(CODE_FORMAT),
      recipientName: "Ada Lovelace",
      courseTitle: "Analytical Engines",
      instructorNames: ["Owner", "Co"],
      issuedAt: enrollment.completedAt!.toISOString(),
      status: "VALID",
      course: { id: course.courseId, title: "Analytical Engines" },
    });
    expect(certificate.url).toMatch(new RegExp(`/certificates/${certificate.code}$`));

    // What it says stays as it was: a new display name is not the name it was issued to.
    await server.graphql(UPDATE_NAME, { name: "Countess of Lovelace" }, { token: learner.accessToken });
    expect((await viewerCertificate(server, learner.accessToken, course.courseId))!.recipientName).toBe("Ada Lovelace");
  });

  it("issues one certificate when the last videos are completed from two devices at once", async () => {
    const course = await courseToLearn(server, cast.owner.accessToken, [3, 3]);
    const learner = await signUp(server);
    await enrollAs(server, learner.accessToken, course.courseId);
    await Promise.all(course.videoIds.flatMap((videoId) => [0, 1].map(() => record(server, learner.accessToken, { videoId, watchedRanges: [[0, 3]] }))));
    await waitUntil("the certificate", async () => (await viewerCertificate(server, learner.accessToken, course.courseId)) !== null);
    const enrollment = await enrollmentOf(learner.id, course.courseId);
    expect(await server.db.certificate.count({ where: { enrollmentId: enrollment.id } })).toBe(1);
  });

  it("issues one certificate however often and concurrently the completion is delivered", async () => {
    const { learner, course, certificate } = await certifiedLearner();
    const enrollment = await enrollmentOf(learner.id, course.courseId);
    const issue = learning.listeners!["learning.courseCompleted"]!;
    const payload = { enrollmentId: enrollment.id, userId: enrollment.userId, courseId: enrollment.courseId, completedAt: enrollment.completedAt!.toISOString() };
    const delivery = (attempt: number) =>
      issue({ id: "0", name: "learning.courseCompleted", aggregate: `enrollment:${enrollment.id}`, payload, occurredAt: new Date(), deliveryKey: `again-${attempt}` }, server.app.platform);
    await Promise.all([1, 2, 3, 4, 5].map(delivery));
    expect(await server.db.certificate.findMany({ where: { enrollmentId: enrollment.id }, select: { code: true } })).toEqual([
      { code: certificate.code.replace(/-/g, "") },
    ]);
  });
});

describe("verification by code", () => {
  it("answers anyone, anonymous included, the code typed in any case, with or without hyphens", async () => {
    const { certificate } = await certifiedLearner();
    const anonymous = await server.graphql(CERTIFICATE, { code: certificate.code });
    expect(anonymous.data!.certificate).toEqual(certificate);
    const typed = await server.graphql(CERTIFICATE, { code: ` ${certificate.code.replace(/-/g, "").toLowerCase()} ` });
    expect(typed.data!.certificate.code).toBe(certificate.code);
  });

  it("answers NOT_FOUND for an unknown code, and for what cannot be a code", async () => {
    for (const code of ["0000-0000-0000-0000", "not a code", "", "<script>"]) {
      const result = await server.graphql(CERTIFICATE, { code });
      expectError(result, "NOT_FOUND");
      expect(result.data!.certificate).toBeNull();
    }
  });

  it("refuses an API key without enrollments:read", async () => {
    const { certificate } = await certifiedLearner();
    expectError(await server.graphql(CERTIFICATE, { code: certificate.code }, { token: cast.keys.readOnlyKey }), "FORBIDDEN");
  });

  it("shows a revoked enrollment's certificate as revoked, without a credential or downloads", async () => {
    const { learner, course, certificate } = await certifiedLearner();
    const enrollment = await enrollmentOf(learner.id, course.courseId);
    await server.graphql(REVOKE, { enrollmentId: toGlobalId("Enrollment", enrollment.id) }, { token: cast.admin.accessToken });

    const result = await server.graphql(CERTIFICATE, { code: certificate.code });
    expect(result.data!.certificate).toMatchObject({ status: "REVOKED", credential: null });
    const page = await fetch(onServer(certificate.url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Revoked");
    expect(html).not.toContain("certificate.pdf");
    expect((await fetch(onServer(`${certificate.url}/certificate.pdf`))).status).toBe(410);
    expect((await fetch(onServer(`${certificate.url}/credential.jwt`))).status).toBe(410);
  });
});

describe("the public page", () => {
  it("shows the certificate, valid, escaping every name, with the app's security headers", async () => {
    const hostile = `<script>alert("x")</script> & 'friends'`;
    const { certificate } = await certifiedLearner(hostile);
    const response = await fetch(onServer(certificate.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;");
    expect(html).toContain("Valid certificate");
    expect(html).toContain(certificate.code);
    expect(html).toContain("Analytical Engines");
    expect(html).toMatch(/<svg[^>]*>/);
    expect(html).toContain(`href="/certificates/${certificate.code}/certificate.pdf"`);

    const styles = await fetch(`${server.url}/certificates/certificate.css`);
    expect(styles.headers.get("content-type")).toMatch(/^text\/css/);
    expect(await styles.text()).toContain("@media print");
  });

  it("sends a code typed in another form to its one address, and answers 404 for an unknown code", async () => {
    const { certificate } = await certifiedLearner();
    const typed = await fetch(`${server.url}/certificates/${certificate.code.replace(/-/g, "").toLowerCase()}`, { redirect: "manual" });
    expect(typed.status).toBe(301);
    expect(typed.headers.get("location")).toBe(`/certificates/${certificate.code}`);
    const unknown = await fetch(`${server.url}/certificates/0000-0000-0000-0000`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("No certificate has this code");
  });

  it("downloads a PDF that holds the code", async () => {
    const { certificate } = await certifiedLearner();
    const response = await fetch(onServer(`${certificate.url}/certificate.pdf`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.toString("latin1")).toContain(`(Certificate ${certificate.code})`);
  });
});

describe("the signed credential", () => {
  it("is an OpenBadgeCredential the published key verifies, also downloaded from the page", async () => {
    const { course, certificate } = await certifiedLearner();
    const keys = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(certificate.credential, keys, { typ: "vc+jwt", algorithms: ["EdDSA"] });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", typ: "vc+jwt" });
    expect(payload).toMatchObject({
      "@context": ["https://www.w3.org/ns/credentials/v2", expect.stringContaining("purl.imsglobal.org/spec/ob/v3p0")],
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      id: certificate.url,
      validFrom: certificate.issuedAt,
      credentialSubject: {
        type: ["AchievementSubject"],
        identifier: [{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: "Ada Lovelace" }],
        achievement: { type: ["Achievement"], name: "Analytical Engines", id: `urn:uuid:${databaseId(course.courseId)}` },
      },
    });
    const downloaded = await fetch(onServer(`${certificate.url}/credential.jwt`));
    expect(await downloaded.text()).toBe(certificate.credential);
  });

  it("fails verification once tampered with", async () => {
    const { certificate } = await certifiedLearner();
    const keys = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const [header, , signature] = (certificate.credential as string).split(".");
    const claims = decodeJwt(certificate.credential);
    const forged = { ...claims, credentialSubject: { ...(claims.credentialSubject as object), identifier: [{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: "Mallory" }] } };
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`;
    await expect(jwtVerify(tampered, keys)).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
  });
});

describe("the signing key", () => {
  const jwksOf = async (instance: TestServer) => ((await (await fetch(`${instance.url}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] }).keys;

  it("is CERTIFICATE_SIGNING_KEY when set, else the one kept in the data folder, which every instance on it shares", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const configured = await startTestServer({ CERTIFICATE_SIGNING_KEY: JSON.stringify(privateKey.export({ format: "jwk" })) }, { besides: server });
    const sameFolder = await startTestServer({}, { besides: server });
    try {
      expect(await jwksOf(configured)).toEqual([expect.objectContaining({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", x: publicKey.export({ format: "jwk" }).x })]);
      expect(await jwksOf(sameFolder)).toEqual(await jwksOf(server));
      expect((await jwksOf(server))[0]).not.toHaveProperty("d");
    } finally {
      await Promise.all([configured.close(), sameFolder.close()]);
    }
  });
});
