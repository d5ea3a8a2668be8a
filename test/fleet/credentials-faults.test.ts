import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { CronofySimulator } from '../../src/simulator/index.js';
import { startRedis, type RedisProcess } from '../support/redis.js';
import { eventInput, serverHeldAccount, TEST_ENV, upsertOperation } from '../support/stack.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

/**
 * Server-held credentials whose access tokens last a second and whose refresh token rotates on
 * every use, shared by three instances, one of which reaches Redis through a proxy: slow (replies
 * 200 ms late, within REDIS_TIMEOUT_MS), or cut off while the two others keep Redis.
 */
let redis: RedisProcess;
let proxy: TcpProxy;
beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy(redis.port);
});
afterAll(async () => {
  await proxy?.close();
  await redis?.close();
});

const { query } = upsertOperation(1);
let written = 0;

async function run(
  fault: (second: number) => Promise<void> | void,
  seconds: number,
): Promise<{ simulator: CronofySimulator; failures: string[]; writes: number }> {
  await redis.stop();
  await redis.start();
  const held = serverHeldAccount({ CRONOFY_ACCESS_TOKEN: '' });
  const simulator = await CronofySimulator.start({ ...held, accessTokenTtlMs: 1_000 });
  const env = { ...TEST_ENV, ...held.env, CRONOFY_API_URL: simulator.url, REDIS_URL: redis.url };
  const servers: RunningServer[] = [];
  for (let i = 0; i < 3; i++) {
    const own = i === 0 ? { ...env, REDIS_URL: `redis://127.0.0.1:${proxy.port}` } : env;
    servers.push(await startServer({ ...loadConfig(own), port: 0 }));
  }
  const failures: string[] = [];
  let writes = 0;
  try {
    const started = Date.now();
    let second = -1;
    await Promise.all(
      servers.flatMap((server) =>
        [0, 1].map(async () => {
          while (Date.now() - started < seconds * 1000) {
            const now = Math.floor((Date.now() - started) / 1000);
            if (now > second) {
              second = now;
              await fault(now);
            }
            const response = await request(server.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query, variables: { e0: eventInput(written++) } }),
            });
            const body = (await response.body.json()) as { data?: { f0?: { __typename?: string } }; errors?: Array<{ message: string }> };
            writes++;
            if (body.data?.f0?.__typename !== 'UpsertEventSuccess') {
              failures.push(`${((Date.now() - started) / 1000).toFixed(1)} s: ${body.errors?.[0]?.message ?? JSON.stringify(body)}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await simulator.close();
  }
  return { simulator, failures, writes };
}

it('one instance whose Redis replies come 200 ms late: one refresh per expiry, no invalid_grant, no failed write', async () => {
  proxy.replyDelayMs = 200;
  try {
    const { simulator, failures, writes } = await run(() => {}, 8);
    console.log(
      `credentials, slow redis: ${writes} writes, ${failures.length} failed, ${simulator.refreshTimes.length} refreshes in 8 s of 1 s tokens, ` +
        `${simulator.invalidGrants} invalid_grant, ${simulator.unauthorizedCalls} calls answered 401`,
    );
    expect(simulator.invalidGrants).toBe(0);
    expect(failures).toEqual([]);
    expect(simulator.refreshTimes.length).toBeLessThanOrEqual(Math.ceil(8 / 0.85) + 1);
  } finally {
    proxy.replyDelayMs = 0;
  }
}, 60_000);

it('one instance cut off from Redis for 3 s while the others keep it: its server-held writes fail only until Redis is back, and say why', async () => {
  const { simulator, failures, writes } = await run(async (second) => {
    if (second === 2) await proxy.cut();
    if (second === 5) await proxy.restore();
  }, 8);
  const kinds = [...new Set(failures.map((failure) => failure.replace(/^[\d.]+ s: /, '')))];
  const times = failures.map((failure) => Number.parseFloat(failure));
  console.log(
    `credentials, one instance cut off: ${writes} writes, ${failures.length} failed from ${Math.min(...times)} s to ${Math.max(...times)} s (${kinds.join(' | ')}), ` +
      `${simulator.refreshTimes.length} refreshes, ${simulator.invalidGrants} invalid_grant`,
  );
  // The documented risk (README, "Server credentials across a fleet"): the others refresh early,
  // and the simulator, like a strict Cronofy, ends the old access token; the cut-off instance's
  // refresh is refused until it reads the new tokens from Redis again.
  expect(Math.min(...times)).toBeGreaterThanOrEqual(2);
  expect(Math.max(...times)).toBeLessThan(5 + 2);
  for (const kind of kinds) expect(kind).toContain('Redis is unreachable');
}, 60_000);
