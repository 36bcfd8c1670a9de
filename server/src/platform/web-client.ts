// Serves the built React client (web/dist) on the API's port, with the single-page app's fallback.
import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import { REPOSITORY_ROOT } from "./paths.ts";

export const WEB_DIST = path.join(REPOSITORY_ROOT, "web/dist");

/** Requests the client never owns: the API, files, probes. */
const SERVER_PATHS = /^\/(graphql|media|healthz|readyz|webhooks|checkout|certificates)(\/|$)/;

export function webClientRoutes(distDir = WEB_DIST): Router | null {
  const index = path.join(distDir, "index.html");
  if (!existsSync(index)) return null;
  const router = Router();
  router.use(express.static(distDir, { index: false, maxAge: "1h", immutable: false }));
  router.get(/.*/, (request, response, next) => {
    if (SERVER_PATHS.test(request.path) || !request.accepts("html")) return next();
    response.sendFile(index);
  });
  return router;
}
