import { Router } from "express";
import type { Database } from "./db.ts";

/**
 * /healthz: the process answers. /readyz: and it takes requests: not stopping (`notReadyBecause`
 * tells why not, as "shutting down" or "redis unreachable"), and its database answers.
 */
export function healthRoutes(db: Database, notReadyBecause: () => string | null): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const reason = notReadyBecause();
    if (reason) {
      res.status(503).json({ status: "unavailable", reason });
      return;
    }
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "unavailable", reason: "database unreachable" });
    }
  });
  return router;
}
