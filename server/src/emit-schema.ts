// Writes schema/schema.graphql from the code: `npm run schema`. A test keeps the two equal.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createPubSub } from "@graphql-yoga/subscription";
import { modules } from "./modules/index.ts";
import { REPOSITORY_ROOT } from "./platform/paths.ts";
import type { EventBus } from "./platform/pubsub.ts";
import { buildTypeSchema, printApiSchema } from "./platform/schema.ts";

export const SCHEMA_FILE = path.join(REPOSITORY_ROOT, "schema/schema.graphql");

export async function emittedSchema(): Promise<string> {
  return printApiSchema(await buildTypeSchema(modules, createPubSub() as EventBus));
}

if (require.main === module) {
  void emittedSchema().then((sdl) => {
    writeFileSync(SCHEMA_FILE, sdl);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  });
}
