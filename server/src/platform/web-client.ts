// Serves the built React client (web/dist) on the API's port, with the single-page app's fallback.
// The build writes a brotli and a gzip copy beside each text file (web/vite.config.ts); the copy
// the browser accepts is sent as is, so no request pays for compression.
import { existsSync } from "node:fs";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { Router } from "express";
import expressStaticGzip from "express-static-gzip";
import { REPOSITORY_ROOT } from "./paths.ts";

export const WEB_DIST = path.join(REPOSITORY_ROOT, "web/dist");

/** Requests the client never owns: the API, files, probes. */
const SERVER_PATHS = /^\/(graphql|media|healthz|readyz|webhooks|checkout|certificates)(\/|$)/;

/** Vite names every file under assets/ by a hash of its content: a new build means new names. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** The page names the current build's assets, so a browser asks again each time (a 304 if unchanged). */
const REVALIDATE = "no-cache";
/** Files copied from web/public keep their names across builds. */
const SHORT_LIVED = "public, max-age=3600";

function cachePolicy(file: string, distDir: string): string {
  const relative = path.relative(distDir, file);
  if (relative.startsWith(`assets${path.sep}`)) return IMMUTABLE;
  return /\.html(\.(br|gz))?$/.test(relative) ? REVALIDATE : SHORT_LIVED;
}

export function webClientBuilt(distDir = WEB_DIST): boolean {
  return existsSync(path.join(distDir, "index.html"));
}

export function webClientRoutes(distDir = WEB_DIST): Router | null {
  if (!webClientBuilt(distDir)) return null;
  const index = path.join(distDir, "index.html");
  const router = Router();
  router.use(
    expressStaticGzip(distDir, {
      index: false,
      enableBrotli: true,
      orderPreference: ["br", "gzip"],
      serveStatic: {
        index: false,
        cacheControl: false,
        setHeaders: (response: ServerResponse, file: string) => response.setHeader("Cache-Control", cachePolicy(file, distDir)),
      },
    }),
  );
  // A missing asset (an old page asking for a chunk of a former build) is a 404, never the page.
  router.use("/assets", (_request, response) => void response.sendStatus(404));
  router.get(/.*/, (request, response, next) => {
    if (SERVER_PATHS.test(request.path) || !request.accepts("html")) return next();
    response.sendFile(index, { cacheControl: false, headers: { "Cache-Control": REVALIDATE } });
  });
  return router;
}
