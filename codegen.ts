import { resolve } from "node:path";
import type { CodegenConfig } from "@graphql-codegen/cli";

// The schema the server really emits, never the public contract: operations
// must only ask for what the API serves today.
const emittedSchema = resolve(__dirname, "schema/schema.graphql");

// Operations live in .graphql files next to the code that uses them, and the
// code imports each generated `…Document` from web/src/gql/graphql.ts. Unlike
// the preset's `graphql()` lookup map, named exports let the bundler keep
// unused operations out of the bundle.
const config: CodegenConfig = {
  schema: emittedSchema,
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
