// A breaking change of the API's schema fails CI: against the public contract, and against the
// schema of the commit before, unless schema/deprecations.json records a deprecation period that is
// over for an element the older schema marked @deprecated (schema/README.md).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, print, visit } from "graphql";
import { SCHEMA_FILE } from "../src/emit-schema.ts";
import { REPOSITORY_ROOT } from "../src/platform/paths.ts";
import { checkCompatibility, parseDeprecations, readDeprecations, type RecordedDeprecation } from "../src/schema-compatibility.ts";

/** CI has the shared folder beside the repository; schema.test.ts keeps the vendored copy equal to it. */
const CONTRACT_FILE = [path.join(REPOSITORY_ROOT, "../shared/contract/lms.graphql"), path.join(REPOSITORY_ROOT, "schema/contract/lms.graphql")].find((file) => existsSync(file))!;
const SCHEMA_PATH_IN_GIT = path.relative(REPOSITORY_ROOT, SCHEMA_FILE);

function git(...args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd: REPOSITORY_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
}

/**
 * The schema the branch started from: the merge-base with origin/main, or on main itself (where
 * that is HEAD) the commit before. A shallow or history-less checkout has neither.
 */
function previousSchema(): { revision: string; sdl: string } | { missing: string } {
  const head = git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")?.trim();
  if (!head) return { missing: "this is not a git checkout" };
  const mergeBase = git("merge-base", "origin/main", "HEAD")?.trim();
  const revision = mergeBase && mergeBase !== head ? mergeBase : git("rev-parse", "--verify", "--quiet", "HEAD~1^{commit}")?.trim();
  if (!revision) return { missing: "HEAD has no parent here (a shallow or single-commit checkout)" };
  const sdl = git("show", `${revision}:${SCHEMA_PATH_IN_GIT}`);
  if (sdl === undefined) return { missing: `${SCHEMA_PATH_IN_GIT} does not exist at ${revision}` };
  return { revision, sdl };
}

describe("the committed schema", () => {
  const emitted = readFileSync(SCHEMA_FILE, "utf8");
  let deprecations: RecordedDeprecation[];
  let contractRefusals: string[];

  beforeAll(async () => {
    deprecations = readDeprecations();
    contractRefusals = (await checkCompatibility(readFileSync(CONTRACT_FILE, "utf8"), emitted, deprecations)).refused;
  });

  it("breaks nothing of the public contract", () => {
    expect(contractRefusals).toEqual([]);
  });

  it("breaks nothing of the previous commit's schema (merge-base with origin/main, else HEAD~1)", async () => {
    const previous = previousSchema();
    if ("missing" in previous) {
      console.warn(`Schema not compared with a previous commit: ${previous.missing}. Only the contract was checked.`);
      expect(contractRefusals).toEqual([]);
      return;
    }
    expect((await checkCompatibility(previous.sdl, emitted, deprecations)).refused).toEqual([]);
  });

  it("refuses a field removed from it (checked on a copy in a temporary folder)", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "schema-compatibility-"));
    try {
      const withoutCourseTitle = visit(parse(emitted), {
        ObjectTypeDefinition: (type) =>
          type.name.value === "Course" ? { ...type, fields: type.fields?.filter((field) => field.name.value !== "title") } : undefined,
      });
      const copy = path.join(folder, "schema.graphql");
      writeFileSync(copy, print(withoutCourseTitle));
      const verdict = await checkCompatibility(emitted, readFileSync(copy, "utf8"), deprecations);
      expect(verdict.refused).toEqual([expect.stringMatching(/^Field 'title' was removed from object type 'Course': Course.title has no deprecation period recorded/)]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

const OLD_SDL = /* GraphQL */ `
  type Query {
    courses(first: Int, category: String): [Course!]!
  }
  type Course {
    id: ID!
    title: String!
    subtitle: String
    rating: Int
    level: Level
    legacyCode: String @deprecated(reason: "Use id.")
    legacyOwner: LegacyOwner @deprecated(reason: "Use instructors.")
  }
  type LegacyOwner {
    name: String
  }
  enum Level {
    BEGINNER
    ADVANCED
    EXPERT @deprecated(reason: "Use ADVANCED.")
  }
`;

function edited(...replacements: [string | RegExp, string][]): string {
  return replacements.reduce((sdl, [from, to]) => {
    const next = sdl.replace(from, to);
    if (next === sdl) throw new Error(`the test's SDL has no ${from}`);
    return next;
  }, OLD_SDL);
}

const TODAY = "2026-12-01";
const recorded = (coordinate: string, removableAfter = "2026-11-30"): RecordedDeprecation => ({ coordinate, deprecatedOn: "2026-09-01", removableAfter });

describe("checkCompatibility", () => {
  it.each([
    ["a removed field", "Course.subtitle", edited(["subtitle: String\n", ""])],
    ["a removed argument", "Query.courses.category", edited([", category: String", ""])],
    ["a nullable argument made non-null", "Query.courses.first", edited(["first: Int", "first: Int!"])],
    ["a required argument added", "Query.courses.language", edited(["category: String)", "category: String, language: String!)"])],
    ["a removed enum value", "Level.ADVANCED", edited(["ADVANCED\n", ""])],
    ["a non-null field made nullable", "Course.title", edited(["title: String!", "title: String"])],
    ["a field given another type", "Course.rating", edited(["rating: Int", "rating: String"])],
  ])("refuses %s (%s)", async (_change, coordinate, newSdl) => {
    const verdict = await checkCompatibility(OLD_SDL, newSdl, [], TODAY);
    expect(verdict).toEqual({ refused: [expect.stringContaining(`: ${coordinate} has no deprecation period recorded`)], allowed: [] });
  });

  it("accepts what only adds or tightens an output (a field, an optional argument, a nullable field made non-null)", async () => {
    const newSdl = edited(["id: ID!", "id: ID!\n    summary: String"], ["category: String)", "category: String, language: String)"], ["subtitle: String", "subtitle: String!"]);
    expect(await checkCompatibility(OLD_SDL, newSdl, [], TODAY)).toEqual({ refused: [], allowed: [] });
  });

  it("accepts removing a field and an enum value that were @deprecated, once their recorded periods are over", async () => {
    const newSdl = edited([/ {4}legacyCode.*\n/, ""], [/ {4}EXPERT.*\n/, ""]);
    const verdict = await checkCompatibility(OLD_SDL, newSdl, [recorded("Course.legacyCode"), recorded("Level.EXPERT")], TODAY);
    expect(verdict.refused).toEqual([]);
    expect(verdict.allowed).toHaveLength(2);
  });

  it("refuses removing a @deprecated field before its recorded period is over", async () => {
    const verdict = await checkCompatibility(OLD_SDL, edited([/ {4}legacyCode.*\n/, ""]), [recorded("Course.legacyCode", TODAY)], TODAY);
    expect(verdict.refused).toEqual([expect.stringContaining(": Course.legacyCode may change only after 2026-12-01")]);
  });

  it("refuses removing a field recorded in the deprecations that the old schema did not mark @deprecated", async () => {
    const verdict = await checkCompatibility(OLD_SDL, edited(["rating: Int\n", ""]), [recorded("Course.rating")], TODAY);
    expect(verdict).toEqual({ refused: [expect.stringContaining(": Course.rating was not @deprecated in the older schema")], allowed: [] });
  });

  it("accepts removing a type that only deprecated fields returned, when the type is recorded too", async () => {
    const newSdl = edited([/ {4}legacyOwner.*\n/, ""], [/ {2}type LegacyOwner \{[^}]*\}\n/, ""]);
    const withoutType = await checkCompatibility(OLD_SDL, newSdl, [recorded("Course.legacyOwner")], TODAY);
    expect(withoutType.refused).toEqual([expect.stringContaining(": LegacyOwner has no deprecation period recorded")]);
    const withType = await checkCompatibility(OLD_SDL, newSdl, [recorded("Course.legacyOwner"), recorded("LegacyOwner")], TODAY);
    expect(withType).toEqual({ refused: [], allowed: [expect.any(String), expect.any(String)] });
  });

  it("refuses removing a type that an undeprecated field also returned, even when recorded", async () => {
    const oldSdl = OLD_SDL.replace("rating: Int", "rating: Int\n    coOwner: LegacyOwner");
    const newSdl = edited([/ {4}legacyOwner.*\n/, ""], [/ {2}type LegacyOwner \{[^}]*\}\n/, ""]);
    const verdict = await checkCompatibility(oldSdl, newSdl, [recorded("Course.legacyOwner"), recorded("LegacyOwner")], TODAY);
    expect(verdict.refused).toContainEqual(expect.stringContaining(": LegacyOwner was not @deprecated in the older schema"));
  });
});

describe("schema/deprecations.json", () => {
  it("is a valid list of deprecations", () => {
    expect(() => readDeprecations()).not.toThrow();
  });

  it.each([
    ["anything but an array", `{"coordinate": "Course.oldField"}`, /expected an array/],
    ["an entry without a coordinate", `[{"deprecatedOn": "2026-01-01", "removableAfter": "2026-06-01"}]`, /coordinate must name/],
    ["a date that is not a day", `[{"coordinate": "Course.oldField", "deprecatedOn": "2026-02-30", "removableAfter": "2026-06-01"}]`, /must be dates/],
    ["a removal date before the deprecation", `[{"coordinate": "Course.oldField", "deprecatedOn": "2026-06-01", "removableAfter": "2026-01-01"}]`, /before deprecatedOn/],
  ])("refuses %s", (_problem, json, error) => {
    expect(() => parseDeprecations(json)).toThrow(error);
  });
});
