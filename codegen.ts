import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { CodegenConfig } from "@graphql-codegen/cli";

const emittedSchema = resolve(__dirname, "schema/schema.graphql");
// Until the server emits its schema, the public contract stands in for it:
// the contract is a subset of the emitted schema, so operations valid against
// it stay valid once the real schema appears. LMS_CODEGEN_SCHEMA overrides
// both, e.g. to generate against the contract while the emitted schema still
// lacks parts of it.
const contractSchema = resolve(__dirname, "../shared/contract/lms.graphql");

// Operations live in .graphql files next to the code that uses them, and the
// code imports each generated `…Document` from web/src/gql/graphql.ts. Unlike
// the preset's `graphql()` lookup map, named exports let the bundler keep
// unused operations out of the bundle.
const config: CodegenConfig = {
  schema: process.env.LMS_CODEGEN_SCHEMA ?? (existsSync(emittedSchema) ? emittedSchema : contractSchema),
  documents: [resolve(__dirname, "web/src/**/*.graphql")],
  generates: {
    [resolve(__dirname, "web/src/gql") + "/"]: {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        scalars: { DateTime: "string" },
        defaultScalarType: "unknown",
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false },
        nonOptionalTypename: true,
        skipTypeNameForRoot: true,
      },
    },
  },
};

export default config;
