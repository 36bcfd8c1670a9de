/**
 * The Content-Disposition a download is answered with: an attachment, so a browser never shows it
 * in the site's origin, under its name (an ASCII fallback beside the exact UTF-8 one, RFC 6266).
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
