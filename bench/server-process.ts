import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { cpuUsed, serve } from './ipc.js';

/**
 * The service as `npm start` runs it (config from the environment: CRONOFY_API_URL points at the
 * simulator process), plus a `memory` request for the memory scenario. Started with
 * NODE_ENV=production, as a deployment would be: graphql-js skips its development checks then.
 */
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
