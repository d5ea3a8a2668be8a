import { cpuUsed, serve } from './ipc.js';

/**
 * The service as `npm start` runs it: the build in dist/ (the benchmark builds it first when src/
 * is newer), config from the environment (CRONOFY_API_URL points at the simulator process), plus
 * a `memory` request for the memory scenario. Started with NODE_ENV=production, as a deployment
 * would be: graphql-js skips its development checks then.
 *
 * Not src/ through tsx, as the rest of the benchmark runs: tsx compiles with esbuild's `keepNames`,
 * which names every function as it is made, and made a trusted 50-field request cost 17 % more CPU
 * than the same code built by tsc (1,112–1,141 against 949–963 µs).
 */
const built = (path: string) => import(new URL(`../${path}`, import.meta.url).href);
const { loadConfig } = (await built('dist/config.js')) as typeof import('../src/config.js');
const { startServer } = (await built('dist/server.js')) as typeof import('../src/server.js');
const server = await startServer({ ...loadConfig(), port: 0 });

serve(
  server.url,
  {
    cpu: cpuUsed,
    memory: () => {
      // Two collections: the first may only schedule finalizers whose memory the second frees.
      globalThis.gc?.();
      globalThis.gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      return { rss, heapUsed, batcherIdle: server.batcher.idle };
    },
  },
  () => server.close(),
);
