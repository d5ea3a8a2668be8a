import type { CodegenConfig } from '@graphql-codegen/cli';
import { register } from 'tsx/esm/api';

// The schema and the SDL plugin are TypeScript modules: graphql-codegen imports them through tsx.
register();

/**
 * `npm run codegen` writes the files generated from the Pothos schema. `test/process/generated.test.ts`
 * runs this same configuration in memory and fails when a committed file differs.
 */
const config: CodegenConfig = {
  schema: './src/schema/index.ts',
  generates: {
    'schema.graphql': {
      // The federation SDL, as the running subgraph serves it at `_service { sdl }`.
      plugins: ['./codegen/subgraph-sdl.ts'],
    },
    // Typed documents (TypedDocumentNode) for the example operations, for any typed client.
    'examples/generated/': {
      preset: 'client',
      documents: 'examples/operations/*.graphql',
      // persisted-documents.json: each document's id (sha256:<hex> of the text as printed there) and text,
      // the manifest the server loads with TRUSTED_DOCUMENTS (docs/trusted-documents.md).
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: {
        scalars: { Instant: 'string', EventTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        // ESM: the generated index imports `./graphql.js`, as NodeNext resolution requires.
        emitLegacyCommonJSImports: false,
      },
    },
    // Which types belong to each union and interface, so Apollo's cache can match `... on Error`.
    'examples/generated/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { useExplicitTyping: true },
    },
  },
  silent: true,
};

export default config;
