import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql module for ESM and CJS importers, or schema objects come "from another realm".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'tests', include: ['test/**/*.test.ts'], exclude: ['test/soak.test.ts', 'test/hostile/**', 'test/fleet/**'] },
      },
      // The soak loads the machine for SOAK_SECONDS: it runs alone, after every other file.
      {
        extends: true,
        test: { name: 'soak', include: ['test/soak.test.ts'], sequence: { groupOrder: 1 }, execArgv: ['--expose-gc'] },
      },
      // The hostile suite loads the machine and measures the server's event loop: it runs after
      // the soak, one file at a time, each against a server process of its own.
      {
        extends: true,
        test: { name: 'hostile', include: ['test/hostile/**/*.test.ts'], sequence: { groupOrder: 2 }, maxWorkers: 1 },
      },
      // The fleet tests count calls per second against Cronofy's scaled-down limits: they run
      // last, two files at a time (each mostly waits on its budget; two cores, one each), so
      // nothing else competes for the machine meanwhile.
      {
        extends: true,
        test: { name: 'fleet', include: ['test/fleet/**/*.test.ts'], sequence: { groupOrder: 3 }, maxWorkers: 2 },
      },
    ],
  },
});
