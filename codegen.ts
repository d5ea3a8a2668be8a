import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen` writes the files generated from the Pothos schema. `test/generated.test.ts`
 * runs this same configuration in memory and fails when a committed file differs.
 */
const config: CodegenConfig = {
  schema: './src/schema/index.ts',
  generates: {
    'schema.graphql': {
      // The federation SDL, as the running subgraph serves it at `_service { sdl }`.
      plugins: ['./codegen/subgraph-sdl.ts'],
    },
  },
  silent: true,
};

export default config;
