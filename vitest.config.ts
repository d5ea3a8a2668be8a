import { defineConfig } from 'vitest/config';

/**
 * One project per level of test/, so that `vitest run --project unit` (npm run test:unit) runs the
 * unit tests alone, and a bug in one class fails that class's test before any test over HTTP.
 */
export default defineConfig({
  resolve: {
    // One graphql module for ESM and CJS importers, or schema objects come "from another realm".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      // A class or function of src/ driven directly, in a folder that mirrors src/; and the
      // checks that read the repository's files (links, settings, architecture).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // The real server over loopback HTTP, with the embedded simulator or a scripted upstream.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      // Real Chromium, real gateways and real GraphQL clients in front of the server.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
      // The service as a process: npm run build, npm start, shutdown, codegen, Docker files.
      { extends: true, test: { name: 'process', include: ['test/process/**/*.test.ts'] } },
      // Whole operations drawn by fast-check against the stack, with faults.
      { extends: true, test: { name: 'property', include: ['test/property/**/*.test.ts'] } },
      // The soak loads the machine for SOAK_SECONDS: it runs alone, after every other file.
      {
        extends: true,
        test: { name: 'soak', include: ['test/soak/**/*.test.ts'], sequence: { groupOrder: 1 }, execArgv: ['--expose-gc'] },
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
