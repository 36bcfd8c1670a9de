// The dependency order of the modules, checked on the real import graph of server/src (read by
// dependency-cruiser, type-only imports included):
//   identity <- catalog <- media <- learning <- billing, tutor <- analytics <- integrations
// - a module imports no module to its right (billing and tutor not each other);
// - from outside a module (another module, app.ts, main.ts) only its index.ts is imported;
// - no import cycle runs through files of different modules;
// - platform/ imports no module; production code imports no test code.
// Test code of a module (*.test.ts, *.test-support.ts, *.fixtures.ts, *.access.ts) keeps the order
// and may import, besides a left module's index.ts, that module's test code (its factories), never
// its other inner files. server/test/ holds the integration tests across modules: it is not checked.
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { IForbiddenRuleType, IViolation } from "dependency-cruiser";

/** Left to right; modules of one rank (billing, tutor) may not import each other. */
const MODULE_ORDER: readonly (readonly string[])[] = [
  ["identity"],
  ["catalog"],
  ["media"],
  ["learning"],
  ["billing", "tutor"],
  ["analytics"],
  ["integrations"],
];

const TEST_CODE = "\\.(test|test-support|fixtures|access)\\.ts$";
const INDEX = "^modules/[^/]+/index\\.ts$";

function boundaryRules(order: readonly (readonly string[])[]): IForbiddenRuleType[] {
  const everyModule = order.flat();
  const toTheRight = order.flatMap((rank, position) =>
    rank.map((module) => ({ module, left: order.slice(0, position).flat() })).flatMap(({ module, left }) => {
      const refused = everyModule.filter((other) => other !== module && !left.includes(other));
      if (refused.length === 0) return [];
      return [{ name: "module-to-its-right", comment: `${module} may import ${left.join(", ") || "no module"}`, from: { path: `^modules/${module}/` }, to: { path: `^modules/(${refused.join("|")})/` } }];
    }),
  );
  return [
    ...toTheRight,
    {
      name: "inner-file-of-another-module",
      from: { path: "^modules/([^/]+)/", pathNot: TEST_CODE },
      to: { path: "^modules/[^/]+/", pathNot: ["^modules/$1/", INDEX] },
    },
    {
      name: "inner-file-of-a-module",
      comment: "the composition root (app.ts, modules/index.ts, main.ts) too goes through index.ts",
      from: { pathNot: ["^modules/[^/]+/", "^\\.\\./"] },
      to: { path: "^modules/[^/]+/", pathNot: INDEX },
    },
    {
      name: "test-to-inner-file-of-another-module",
      from: { path: `^modules/([^/]+)/.*${TEST_CODE}` },
      to: { path: "^modules/[^/]+/", pathNot: ["^modules/$1/", INDEX, TEST_CODE] },
    },
    { name: "cycle-across-modules", from: { path: "^modules/([^/]+)/" }, to: { circular: true, via: { pathNot: "^modules/$1/" } } },
    { name: "platform-to-module", from: { path: "^platform/" }, to: { path: "^modules/" } },
    { name: "production-to-test-code", from: { pathNot: TEST_CODE }, to: { path: [TEST_CODE, "^\\.\\./test/"] } },
  ].map((rule) => ({ severity: "error", ...rule }) as IForbiddenRuleType);
}

interface ImportGraph {
  violations: IViolation[];
  files: string[];
}

// dependency-cruiser is an ES module only, which jest's CommonJS runtime cannot load: it runs in a child process.
const CRUISE = `
const { cruise } = await import("dependency-cruiser");
const [baseDir, ruleSet] = JSON.parse(process.argv[1]);
const { output } = await cruise(["."], {
  baseDir,
  validate: true,
  ruleSet,
  tsPreCompilationDeps: true,
  doNotFollow: { path: ["node_modules", "^\\\\.\\\\./"] },
  exclude: { path: "^generated/" },
});
process.stdout.write(JSON.stringify({ violations: output.summary.violations, files: output.modules.map((module) => module.source) }));
`;

async function importGraph(root: string): Promise<ImportGraph> {
  const ruleSet = { forbidden: boundaryRules(MODULE_ORDER) };
  // Run from here, where the package resolves; a fixture tree in a temporary folder has no node_modules.
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", CRUISE, JSON.stringify([root, ruleSet])], {
    cwd: __dirname,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ImportGraph;
}

const describeViolation = (violation: IViolation) =>
  `${violation.rule.name}: ${violation.from} -> ${violation.to}${violation.cycle ? ` (cycle ${violation.cycle.map((step) => step.name).join(" -> ")})` : ""}`;

const SOURCE_ROOT = path.join(__dirname, "../src");

describe("server/src", () => {
  it("has only modules the order places", async () => {
    const folders = (await readdir(path.join(SOURCE_ROOT, "modules"), { withFileTypes: true })).filter((entry) => entry.isDirectory());
    expect(folders.map((folder) => folder.name).filter((name) => !MODULE_ORDER.flat().includes(name))).toEqual([]);
  });

  it("keeps the dependency order", async () => {
    const graph = await importGraph(SOURCE_ROOT);
    // The graph was read: the composition root and a module's files are in it.
    expect(graph.files).toEqual(expect.arrayContaining(["app.ts", "modules/index.ts", "modules/catalog/course.service.ts"]));
    expect(graph.violations.map(describeViolation)).toEqual([]);
  });
});

describe("the rules", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "module-boundaries-"));
    const files: Record<string, string> = {
      "app.ts": `import { inner } from "./modules/catalog/inner.ts";\nimport { catalog } from "./modules/catalog/index.ts";\nexport const app = [inner, catalog];`,
      "platform/db.ts": `import { identity } from "../modules/identity/index.ts";\nexport const db = identity;`,
      "modules/identity/index.ts": `export const identity = 1;`,
      "modules/catalog/index.ts": `import { identity } from "../identity/index.ts";\nexport { course } from "./course.ts";\nexport const catalog = identity;`,
      "modules/catalog/course.ts": `import { video } from "../media/index.ts";\nexport const course = video;`,
      "modules/catalog/inner.ts": `export const inner = 1;`,
      "modules/catalog/catalog.test-support.ts": `import { helper } from "../../test/support/helper.ts";\nexport const aCourse = helper;`,
      "modules/catalog/catalog.test.ts": `import { aCourse } from "./catalog.test-support.ts";\nexport const test = aCourse;`,
      "modules/media/index.ts": `export { video } from "./video.ts";`,
      "modules/media/video.ts": `import { catalog } from "../catalog/index.ts";\nimport { inner } from "../catalog/inner.ts";\nimport { aCourse } from "../catalog/catalog.test-support.ts";\nexport const video = [catalog, inner, aCourse];`,
      "modules/media/video.test.ts": `import { aCourse } from "../catalog/catalog.test-support.ts";\nimport { inner } from "../catalog/inner.ts";\nimport { catalog } from "../catalog/index.ts";\nexport const test = [aCourse, inner, catalog];`,
      "modules/billing/index.ts": `import { tutor } from "../tutor/index.ts";\nexport const billing = tutor;`,
      "modules/tutor/index.ts": `export const tutor = 1;`,
      "test/support/helper.ts": `export const helper = 1;`,
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), `${text}\n`);
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("refuse each wrong import of a small tree, and only those", async () => {
    const graph = await importGraph(root);
    const refused = graph.violations.filter((violation) => violation.rule.name !== "cycle-across-modules").map(describeViolation);
    expect(refused.sort()).toEqual(
      [
        "inner-file-of-a-module: app.ts -> modules/catalog/inner.ts",
        "platform-to-module: platform/db.ts -> modules/identity/index.ts",
        "module-to-its-right: modules/catalog/course.ts -> modules/media/index.ts",
        "module-to-its-right: modules/billing/index.ts -> modules/tutor/index.ts",
        "inner-file-of-another-module: modules/media/video.ts -> modules/catalog/inner.ts",
        "inner-file-of-another-module: modules/media/video.ts -> modules/catalog/catalog.test-support.ts",
        "production-to-test-code: modules/media/video.ts -> modules/catalog/catalog.test-support.ts",
        "test-to-inner-file-of-another-module: modules/media/video.test.ts -> modules/catalog/inner.ts",
      ].sort(),
    );
    const cycles = graph.violations.filter((violation) => violation.rule.name === "cycle-across-modules");
    const modulesOnCycles = cycles.map((violation) => [...new Set(violation.cycle!.map((step) => step.name.split("/")[1]))].sort());
    expect(modulesOnCycles.length).toBeGreaterThan(0);
    expect(new Set(modulesOnCycles.map(String))).toEqual(new Set(["catalog,media"]));
  });
});
