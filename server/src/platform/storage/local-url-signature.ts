import { createHmac, timingSafeEqual } from "node:crypto";

/** Everything a local upload or playback URL grants; each field is covered by the signature. */
export type SignedLocalRequest =
  | { method: "GET"; key: string; expires: number; download?: string }
  | { method: "PUT"; key: string; expires: number; contentType: string; contentLength: number }
  | { method: "PUT"; key: string; expires: number; uploadId: string; partNumber: number; contentLength: number };

export type SignatureCheck = "valid" | "invalid" | "expired";

export function signLocalRequest(signingKey: string, request: SignedLocalRequest): string {
  return createHmac("sha256", signingKey).update(canonicalForm(request)).digest("base64url");
}

export function checkLocalSignature(
  signingKey: string,
  request: SignedLocalRequest,
  signature: string,
  nowUnixSeconds: number,
): SignatureCheck {
  const expected = Buffer.from(signLocalRequest(signingKey, request));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
  return nowUnixSeconds > request.expires ? "expired" : "valid";
}

// A JSON array keeps field boundaries unambiguous whatever characters a key or content type holds.
function canonicalForm(request: SignedLocalRequest): string {
  const fields: (string | number)[] = [request.method, request.key, request.expires];
  if ("uploadId" in request) fields.push("part", request.uploadId, request.partNumber, request.contentLength);
  else if ("contentType" in request) fields.push("object", request.contentType, request.contentLength);
  else if (request.download !== undefined) fields.push("download", request.download);
  return JSON.stringify(fields);
}
