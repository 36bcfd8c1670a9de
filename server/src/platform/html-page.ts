// The few pages the API serves itself (a certificate, the development checkout): one HTML shell.
// Every text put in a page goes through escapeHtml (names and titles are user input), and styles
// come from a file, as those pages' Content-Security-Policy (style-src 'self') wants.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML content and quoted attributes. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character]);

/** A whole page, not for search engines; `body` is HTML whose texts its maker escaped. */
export function htmlPage({ title, stylesheet, body }: { title: string; stylesheet: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${stylesheet}">
</head>
<body>
${body}
</body>
</html>
`;
}
