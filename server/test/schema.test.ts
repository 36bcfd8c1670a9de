// The committed schema is what the code emits, and it keeps every promise of the public contract
// except those still listed as pending (a list that may only shrink).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { emittedSchema, SCHEMA_FILE } from "../src/emit-schema.ts";
import { REPOSITORY_ROOT } from "../src/platform/paths.ts";
import { TEST_ENV } from "./support/test-env.ts";

const CONTRACT_DIR = path.join(REPOSITORY_ROOT, "schema/contract");
const SHARED_DIR = path.join(REPOSITORY_ROOT, "../shared");
const PENDING_FILE = path.join(REPOSITORY_ROOT, "schema/contract-pending.txt");

function contractShortfalls(): string[] {
  try {
    execFileSync(process.execPath, [path.join(CONTRACT_DIR, "contract-check.mjs"), SCHEMA_FILE, path.join(CONTRACT_DIR, "lms.graphql")], {
      cwd: REPOSITORY_ROOT,
      encoding: "utf8",
    });
    return [];
  } catch (error) {
    const lines = String((error as { stdout?: string }).stdout ?? "").trim().split("\n");
    if (!lines.at(-1)?.startsWith("contract:")) throw error;
    return lines.slice(0, -1);
  }
}

const readLines = (file: string) =>
  readFileSync(file, "utf8").split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));

describe("schema pipeline", () => {
  it("schema/schema.graphql is exactly what the code emits (run `npm run schema` after changing types)", async () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(await emittedSchema());
  });

  it("lacks no contract item that is not listed as pending", () => {
    const pending = new Set(readLines(PENDING_FILE));
    expect(contractShortfalls().filter((item) => !pending.has(item))).toEqual([]);
  });

  it("lists as pending only items that are still missing (the list only shrinks)", () => {
    const missing = new Set(contractShortfalls());
    expect(readLines(PENDING_FILE).filter((item) => !missing.has(item))).toEqual([]);
  });

  const shared = existsSync(path.join(SHARED_DIR, "contract/lms.graphql"));
  (shared ? it : it.skip)("the vendored contract and checker match ../shared", () => {
    expect(readFileSync(path.join(CONTRACT_DIR, "lms.graphql"), "utf8")).toBe(
      readFileSync(path.join(SHARED_DIR, "contract/lms.graphql"), "utf8"),
    );
    expect(readFileSync(path.join(CONTRACT_DIR, "contract-check.mjs"), "utf8")).toBe(
      readFileSync(path.join(SHARED_DIR, "tools/contract-check.mjs"), "utf8"),
    );
  });
});

describe("migrations", () => {
  it("match the Prisma schema exactly (no drift)", () => {
    const run = () =>
      execFileSync(
        process.execPath,
        [path.join(REPOSITORY_ROOT, "scripts/prisma.mjs"), "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema", "--script", "--exit-code"],
        { cwd: REPOSITORY_ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env[TEST_ENV.adminUrl] } },
      );
    expect(run).not.toThrow();
  });
});
