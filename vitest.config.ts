import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql module for ESM and CJS importers, or schema objects come "from another realm".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
