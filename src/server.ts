import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Batcher } from './batcher/batcher.js';
import type { Config } from './config.js';
import { CronofyClient } from './cronofy/client.js';
import { createGraphQLHandler } from './http/yoga.js';

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4000/graphql` */
  url: string;
  batcher: Batcher;
  close(): Promise<void>;
}

/**
 * Wires the layers top to bottom (HTTP → Yoga → schema → batcher → Cronofy client) and listens.
 *
 * ```ts
 * const server = await startServer({ ...loadConfig(), port: 0, cronofyApiUrl: simulator.url });
 * await fetch(server.url, { method: 'POST', ... });
 * await server.close();
 * ```
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const client = new CronofyClient({ baseUrl: config.cronofyApiUrl, timeoutMs: config.timeoutMs });
  const batcher = new Batcher(client);
  const yoga = createGraphQLHandler(config, batcher);
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    batcher,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await client.close();
    },
  };
}
