// The dependency order of the modules, checked on the real import graph of server/src (read by
// dependency-cruiser, type-only imports included):
//   identity <- catalog <- media <- learning <- assessment <- reviews <- billing, tutor, notes <- community <- analytics <- integrations
// - a module imports no module to its right (billing, tutor and notes not each other);
// - from outside a module (another module, app.ts, main.ts) only its index.ts is imported;
// - no import cycle runs through files of different modules;
// - platform/ imports no module; production code imports no test code.
// Test code of a module (*.test.ts, *.fixtures.ts, *.access.ts) may import, besides a left module's
// index.ts, that module's test code, never its other inner files. A module's factories
// (*.fixtures.ts) keep the order; its tests (*.test.ts, *.access.ts) may also use the factories of
// a module to its right, which arrange that module's rows (a catalog test that needs a READY video
// asks media's fixtures for one rather than writing media's table), and nothing else of it.
// server/test/ holds the integration tests across modules: it is not checked.
//
// Test code of a module writes through Prisma only its module's tables (the models of
// prisma/schema/<module>.prisma); another module's rows come from that module's fixtures. Checked
// with the TypeScript compiler's types: a call of a write method (create, update, delete, ...) on
// a Prisma model delegate, whatever the variable is called. SQL written by hand ($executeRaw, a pg
// client) is not checked.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { IForbiddenRuleType, IViolation } from "dependency-cruiser";
import ts from "typescript";
import { Prisma } from "../src/generated/prisma/client.ts";

/** Left to right; modules of one rank (billing, tutor) may not import each other. */
const MODULE_ORDER: readonly (readonly string[])[] = [
  ["identity"],
  ["catalog"],
  ["media"],
  ["learning"],
  ["assessment"],
  ["reviews"],
  ["billing", "tutor", "notes"],
  ["community"],
  ["analytics"],
  ["integrations"],
];

const TEST_CODE = "\\.(test|fixtures|access)\\.ts$";
/** Test code that no other file imports: tests and the authorization matrix's rows. */
const TESTS = "\\.(test|access)\\.ts$";
const FIXTURES = "\\.fixtures\\.ts$";
const INDEX = "^modules/[^/]+/index\\.ts$";

function boundaryRules(order: readonly (readonly string[])[]): IForbiddenRuleType[] {
  const everyModule = order.flat();
  const toTheRight = order.flatMap((rank, position) =>
    rank.map((module) => ({ module, left: order.slice(0, position).flat() })).flatMap(({ module, left }) => {
      const refused = everyModule.filter((other) => other !== module && !left.includes(other));
      if (refused.length === 0) return [];
      const comment = `${module} may import ${left.join(", ") || "no module"}`;
      const right = `^modules/(${refused.join("|")})/`;
      return [
        { name: "module-to-its-right", comment, from: { path: `^modules/${module}/`, pathNot: TESTS }, to: { path: right } },
        { name: "module-to-its-right", comment: `${comment}; its tests, their factories too`, from: { path: `^modules/${module}/.*${TESTS}` }, to: { path: right, pathNot: FIXTURES } },
      ];
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
      "modules/catalog/catalog.fixtures.ts": `import { helper } from "../../test/support/helper.ts";\nexport const aCourse = helper;`,
      "modules/catalog/catalog.test.ts": `import { aCourse } from "./catalog.fixtures.ts";\nimport { aVideo } from "../media/media.fixtures.ts";\nexport const test = [aCourse, aVideo];`,
      "modules/identity/identity.fixtures.ts": `import { aCourse } from "../catalog/catalog.fixtures.ts";\nexport const aUser = aCourse;`,
      "modules/identity/identity.test.ts": `import { catalog } from "../catalog/index.ts";\nimport { aCourse } from "../catalog/catalog.fixtures.ts";\nexport const test = [catalog, aCourse];`,
      "modules/media/index.ts": `export { video } from "./video.ts";`,
      "modules/media/video.ts": `import { catalog } from "../catalog/index.ts";\nimport { inner } from "../catalog/inner.ts";\nimport { aCourse } from "../catalog/catalog.fixtures.ts";\nexport const video = [catalog, inner, aCourse];`,
      "modules/media/media.fixtures.ts": `import { aCourse } from "../catalog/catalog.fixtures.ts";\nexport const aVideo = aCourse;`,
      "modules/media/video.test.ts": `import { aCourse } from "../catalog/catalog.fixtures.ts";\nimport { inner } from "../catalog/inner.ts";\nimport { catalog } from "../catalog/index.ts";\nexport const test = [aCourse, inner, catalog];`,
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
        "inner-file-of-another-module: modules/media/video.ts -> modules/catalog/catalog.fixtures.ts",
        "production-to-test-code: modules/media/video.ts -> modules/catalog/catalog.fixtures.ts",
        "module-to-its-right: modules/identity/identity.fixtures.ts -> modules/catalog/catalog.fixtures.ts",
        "module-to-its-right: modules/identity/identity.test.ts -> modules/catalog/index.ts",
        "test-to-inner-file-of-another-module: modules/media/video.test.ts -> modules/catalog/inner.ts",
      ].sort(),
    );
    const cycles = graph.violations.filter((violation) => violation.rule.name === "cycle-across-modules");
    const modulesOnCycles = cycles.map((violation) => [...new Set(violation.cycle!.map((step) => step.name.split("/")[1]))].sort());
    expect(modulesOnCycles.length).toBeGreaterThan(0);
    expect(new Set(modulesOnCycles.map(String))).toEqual(new Set(["catalog,media"]));
  });
});

const PRISMA_WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);
const PRISMA_SCHEMA = path.join(__dirname, "../../prisma/schema");

/** Each Prisma model's owner: the name of the prisma/schema/<owner>.prisma file that declares it. */
function modelOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of readdirSync(PRISMA_SCHEMA).filter((name) => name.endsWith(".prisma"))) {
    for (const [, model] of readFileSync(path.join(PRISMA_SCHEMA, file), "utf8").matchAll(/^model\s+(\w+)\s*\{/gm)) owners.set(model!, file.replace(/\.prisma$/, ""));
  }
  return owners;
}

interface TableWrite {
  /** modules/<module>/<file>, as the import rules name files. */
  file: string;
  line: number;
  model: string;
}

/** Every call of a Prisma write method on a model delegate in `files` (paths under server/src). */
function prismaWrites(files: string[], virtualFiles: Record<string, string> = {}): TableWrite[] {
  const configFile = path.join(__dirname, "../tsconfig.json");
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => virtualFiles[file] ?? readFile(file);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file in virtualFiles || fileExists(file);
  const program = ts.createProgram({ rootNames: [...files, ...Object.keys(virtualFiles)], options, host });
  const checker = program.getTypeChecker();
  const writes: TableWrite[] = [];
  for (const file of [...files, ...Object.keys(virtualFiles)]) {
    const source = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && PRISMA_WRITES.has(node.expression.name.text)) {
        const delegate = checker.getTypeAtLocation(node.expression.expression);
        const name = (delegate.aliasSymbol ?? delegate.getSymbol())?.getName();
        if (name?.endsWith("Delegate")) {
          writes.push({
            file: path.relative(SOURCE_ROOT, file),
            line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
            model: name.slice(0, -"Delegate".length),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return writes;
}

/** The writes to a table of another module than the writing file's. */
function writesToOtherModules(writes: TableWrite[], owners: Map<string, string>): string[] {
  return writes
    .filter((write) => owners.get(write.model) !== write.file.split("/")[1])
    .map((write) => `${write.file}:${write.line} writes ${write.model} (${owners.get(write.model)}'s)`);
}

describe("test code of a module", () => {
  const owners = modelOwners();

  it("knows the owner of every Prisma model", () => {
    expect([...owners.keys()].sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it("writes only its module's tables, and a wrong write is caught", () => {
    const modulesDir = path.join(SOURCE_ROOT, "modules");
    const testCode = readdirSync(modulesDir, { recursive: true, encoding: "utf8" })
      .filter((file) => new RegExp(TEST_CODE).test(file))
      .map((file) => path.join(modulesDir, file));
    // A catalog test that writes media's and learning's tables, and its own.
    const wrong = path.join(modulesDir, "catalog/wrong-writes.test.ts");
    const writes = prismaWrites(testCode, {
      [wrong]: [
        `import type { TestServer } from "../../../test/support/test-server.ts";`,
        `export async function arrange(server: TestServer) {`,
        `  const { db } = server;`,
        `  await db.video.create({ data: { courseId: "c", title: "t", position: 0 } });`,
        `  await db.$transaction((tx) => tx.enrollment.deleteMany());`,
        `  await server.db.course.update({ where: { id: "c" }, data: { title: "own" } });`,
        `}`,
      ].join("\n"),
    });
    // The check sees writes: the fixtures' own, at least.
    expect(writes.map((write) => write.file)).toEqual(expect.arrayContaining(["modules/media/media.fixtures.ts", "modules/identity/identity.fixtures.ts"]));
    const refused = writesToOtherModules(writes, owners);
    expect(refused.filter((write) => !write.startsWith("modules/catalog/wrong-writes.test.ts"))).toEqual([]);
    expect(refused.filter((write) => write.startsWith("modules/catalog/wrong-writes.test.ts"))).toEqual([
      "modules/catalog/wrong-writes.test.ts:4 writes Video (media's)",
      "modules/catalog/wrong-writes.test.ts:5 writes Enrollment (learning's)",
    ]);
  });
});
