import path from "node:path";

/** The repository root, where prisma.config.ts, schema/ and .data/ live. */
export const REPOSITORY_ROOT = path.resolve(__dirname, "../../..");
