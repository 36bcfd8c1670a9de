import { resolve } from "node:path";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { addTypenameToDocument } from "@apollo/client/utilities";

// The schema the server really emits, never the public contract: operations
// must only ask for what the API serves today.
const emittedSchema = resolve(__dirname, "schema/schema.graphql");

// Operations live in .graphql files next to the code that uses them, and the
// code imports each generated `…Document` from web/src/gql/graphql.ts. Unlike
// the preset's `graphql()` lookup map, named exports let the bundler keep
// unused operations out of the bundle.
//
// Each document also carries the sha256 of its text (`__meta__.hash`), and
// web/src/gql/persisted-documents.json lists them by hash: the web client sends
// operations by hash, and the server runs these trusted documents (with
// TRUSTED_DOCUMENTS_ONLY, only these for browsers). Apollo Client's cache adds
// __typename to the selections it sends (not the operation's root): its own
// transform runs here first, so the text the server runs by hash is the one
// the client's cache expects.
const config: CodegenConfig = {
  schema: emittedSchema,
  documents: [resolve(__dirname, "web/src/**/*.graphql")],
  generates: {
    [resolve(__dirname, "web/src/gql") + "/"]: {
      preset: "client",
      documentTransforms: [
        {
          transform: ({ documents }) =>
            documents.map((file) => ({ ...file, document: file.document && addTypenameToDocument(file.document) })),
        },
      ],
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: "sha256" },
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
