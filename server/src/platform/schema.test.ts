// Types extended across modules: the owner's type-wide rule is the default of the type's fields,
// another module's rule decides only the fields it adds, and no field is claimed twice.
import { buildSchema, graphql, type GraphQLSchema } from "graphql";
import { allow, rule, type RuleMap } from "./authorization.ts";
import { forbidden } from "./errors.ts";
import type { Module } from "./module.ts";
import { authorize, mergeRules } from "./schema.ts";

interface Grants {
  readsCourses: boolean;
  followsProgress: boolean;
}

const readsCourses = rule("test:readsCourses")((_parent, _args, context: Grants) => context.readsCourses || forbidden());
const followsProgress = rule("test:followsProgress")((_parent, _args, context: Grants) => context.followsProgress || forbidden());

const moduleWith = (name: string, rules: RuleMap): Module => ({ name, resolvers: [], rules });
const owner = moduleWith("catalog", { Query: { course: allow }, Course: readsCourses });
const extender = moduleWith("learning", { Course: { viewerProgress: followsProgress } });

// Query.node: the platform's rules always include it.
function courseSchema(modules: Module[]): GraphQLSchema {
  const schema = buildSchema(`type Query { course: Course node: Course } type Course { title: String viewerProgress: Int }`);
  schema.getQueryType()!.getFields().course.resolve = () => ({ title: "Intro", viewerProgress: 40 });
  return authorize(schema, modules);
}

async function read(schema: GraphQLSchema, field: string, grants: Grants) {
  const result = await graphql({ schema, source: `{ course { ${field} } }`, contextValue: { ...grants } });
  return { value: (result.data?.course as Record<string, unknown> | null)?.[field], codes: result.errors?.map((error) => error.extensions.code) };
}

describe("a type extended by another module", () => {
  it.each([
    ["owner first", [owner, extender]],
    ["extender first", [extender, owner]],
  ])("keeps the owner's rule for the owner's fields and the extender's for its own (%s)", async (_order, modules) => {
    const schema = courseSchema(modules);
    expect(await read(schema, "title", { readsCourses: true, followsProgress: false })).toEqual({ value: "Intro", codes: undefined });
    expect(await read(schema, "title", { readsCourses: false, followsProgress: true })).toEqual({ value: null, codes: ["FORBIDDEN"] });
    expect(await read(schema, "viewerProgress", { readsCourses: false, followsProgress: true })).toEqual({ value: 40, codes: undefined });
    expect(await read(schema, "viewerProgress", { readsCourses: true, followsProgress: false })).toEqual({ value: null, codes: ["FORBIDDEN"] });
  });

  it("refuses a field claimed by two modules, and a type-wide rule given by two", () => {
    const rival = moduleWith("billing", { Course: { viewerProgress: allow } });
    expect(() => mergeRules([owner.rules, extender.rules, rival.rules])).toThrow("Rule for Course.viewerProgress is declared twice");
    expect(() => mergeRules([owner.rules, { Course: allow }])).toThrow("Rules for all of Course are declared twice");
    expect(() => mergeRules([owner.rules, { Course: { "*": allow } }])).toThrow("Rules for all of Course are declared twice");
  });
});
