import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { CronofySimulator } from '../../src/simulator/index.js';
import { startRedis, type RedisProcess } from '../support/redis.js';
import { eventInput, SERVER_CLIENT, serverHeldAccount, TEST_ENV, upsertOperation } from '../support/stack.js';

/**
 * Server-held credentials across a fleet: instances share one Redis and one Cronofy account whose
 * access tokens expire every few seconds and whose refresh token rotates on every use, as Cronofy's
 * may. Writes go in over HTTP without Authorization, so every one uses the server's credentials.
 */

/** The rotation run; FLEET_ROTATION_MS=60000 gives the one-minute run. */
const ROTATION_RUN_MS = Number(process.env.FLEET_ROTATION_MS ?? 8_000);

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.close());

/** Every log line of every instance of the Redis runs below, as an operator would collect them. */
const lines: string[] = [];

interface Fleet {
  simulator: CronofySimulator;
  servers: RunningServer[];
  /** Starts one more instance, configured as the others. */
  add(): Promise<RunningServer>;
  /** The account's calendar, whatever its access token has become. */
  events(): number;
  close(): Promise<void>;
}

async function startFleet(options: {
  instances: number;
  ttlMs: number;
  env?: NodeJS.ProcessEnv;
  logLevel?: 'trace' | 'info';
  /** Cronofy knows no refresh token of the account: every refresh is refused (invalid_grant). */
  revoked?: boolean;
}): Promise<Fleet> {
  // A new simulator knows nothing of the tokens an earlier run left in Redis.
  await redis.stop();
  await redis.start();
  const held = serverHeldAccount({ CRONOFY_ACCESS_TOKEN: '', ...options.env });
  const oauthClients = options.revoked ? [{ ...SERVER_CLIENT, refreshTokens: [] }] : held.oauthClients;
  const simulator = await CronofySimulator.start({ ...held, oauthClients, accessTokenTtlMs: options.ttlMs });
  const account = simulator.account('server-access-1');
  const env = { ...TEST_ENV, CRONOFY_API_URL: simulator.url, ...held.env };
  const servers: RunningServer[] = [];
  const add = async () => {
    const logger = createLogger(options.logLevel ?? 'info', { write: (line: string) => void lines.push(line) });
    const server = await startServer({ ...loadConfig(env), port: 0 }, { logger });
    servers.push(server);
    return server;
  };
  for (let i = 0; i < options.instances; i++) await add();
  return {
    simulator,
    servers,
    add,
    events: () => account.calendars.get('cal_1')!.events.size,
    async close() {
      await Promise.all(servers.map((server) => server.close()));
      await simulator.close();
    },
  };
}

let written = 0;
const { query } = upsertOperation(1);

/** One write of a new event through `server`, without Authorization; its field's answer. */
async function write(server: RunningServer): Promise<string> {
  const response = await request(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables: { e0: eventInput(written++) } }),
  });
  const body = (await response.body.json()) as { data?: { f0?: { __typename?: string } }; errors?: unknown };
  const typename = body.data?.f0?.__typename;
  return typename === 'UpsertEventSuccess' && !body.errors ? typename : JSON.stringify(body);
}

/** Writes through every instance, `perInstance` at a time each, until `ms` have passed. */
async function drive(servers: RunningServer[], ms: number, perInstance = 2): Promise<{ sent: number[]; failures: string[] }> {
  const end = Date.now() + ms;
  const sent = servers.map(() => 0);
  const failures: string[] = [];
  await Promise.all(
    servers.flatMap((server, i) =>
      Array.from({ length: perInstance }, async () => {
        while (Date.now() < end) {
          const answer = await write(server);
          sent[i]!++;
          if (answer !== 'UpsertEventSuccess') failures.push(answer);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
      }),
    ),
  );
  return { sent, failures };
}

const gaps = (times: readonly number[]) => times.slice(1).map((time, i) => time - times[i]!);

describe('server credentials shared through Redis by 3 instances', () => {
  it(
    `refresh once per expiry, never with a used refresh token, and every write succeeds (${ROTATION_RUN_MS / 1000} s)`,
    async () => {
      const ttlMs = 2_000;
      const fleet = await startFleet({ instances: 3, ttlMs, env: { REDIS_URL: redis.url } });
      try {
        const started = Date.now();
        const { sent, failures } = await drive(fleet.servers, ROTATION_RUN_MS);
        const elapsed = Date.now() - started;
        const { simulator } = fleet;
        const refreshes = simulator.refreshTimes.length;
        const total = sent.reduce((a, b) => a + b, 0);
        console.log(
          `rotation: ${elapsed} ms, ${total} writes (${sent.join('/')} per instance), ${refreshes} refreshes for ${(elapsed / ttlMs).toFixed(1)} token lifetimes, ` +
            `gaps ${Math.min(...gaps(simulator.refreshTimes))}–${Math.max(...gaps(simulator.refreshTimes))} ms, ` +
            `${simulator.invalidGrants} invalid_grant, ${simulator.unauthorizedCalls} calls answered 401 of ${simulator.receivedCalls}`,
        );

        expect(failures).toEqual([]);
        for (const count of sent) expect(count).toBeGreaterThan(20);
        expect(simulator.invalidGrants).toBe(0);
        // One refresh per lifetime (a little early, before it runs out), not one per instance.
        expect(refreshes).toBeGreaterThanOrEqual(Math.floor(elapsed / ttlMs));
        expect(refreshes).toBeLessThanOrEqual(Math.ceil(elapsed / (ttlMs * 0.85)) + 1);
        for (const gap of gaps(simulator.refreshTimes)) expect(gap).toBeGreaterThan(ttlMs * 0.8);
        // Every write was applied once: each went to an event of its own.
        expect(fleet.events()).toBe(total);
      } finally {
        await fleet.close();
      }
    },
    ROTATION_RUN_MS + 15_000,
  );

  it('keep answering while Redis is killed, and rejoin it when it comes back empty', async () => {
    const ttlMs = 5_000;
    // The most verbose level, so that every line the faults bring is checked for tokens below.
    const fleet = await startFleet({ instances: 3, ttlMs, env: { REDIS_URL: redis.url }, logLevel: 'trace' });
    const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    const firstLine = lines.length;
    try {
      const { simulator } = fleet;
      const driving = drive(fleet.servers, 7_000);
      // Right after a refresh, once every instance has read the new tokens: the outage ends long
      // before they run out, as a refresh without Redis is what may leave instances with a dead token.
      while (simulator.refreshTimes.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const outageStarted = Date.now();
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 800));
      await redis.start();
      const restarted = Date.now();
      const { sent, failures } = await driving;
      const total = sent.reduce((a, b) => a + b, 0);
      console.log(
        `outage: ${total} writes, Redis down ${restarted - outageStarted} ms, refreshes at ${simulator.refreshTimes.map((t) => t - outageStarted).join(', ')} ms ` +
          `from the kill, ${simulator.invalidGrants} invalid_grant, ${simulator.unauthorizedCalls} calls answered 401`,
      );

      expect(failures).toEqual([]);
      expect(fleet.events()).toBe(total);
      expect(simulator.invalidGrants).toBe(0);
      // The expiry after the outage was refreshed once, by the fleet together again.
      expect(simulator.refreshTimes.filter((time) => time > restarted).length).toBeGreaterThanOrEqual(1);
      for (const gap of gaps(simulator.refreshTimes)) expect(gap).toBeGreaterThan(ttlMs * 0.8);
      // Each instance logged the fault once and its return once.
      const messages = lines.slice(firstLine).map((line) => String((JSON.parse(line) as { msg?: unknown }).msg));
      expect(messages.filter((msg) => msg.startsWith('redis unusable'))).toHaveLength(3);
      expect(messages.filter((msg) => msg.startsWith('redis usable again'))).toHaveLength(3);
      // The restarted Redis was seeded again and holds the newest tokens, not the dead ones of the environment.
      await probe.connect();
      const [key, ...others] = await probe.keys('cronofy-batch-graphql:credentials:*:tokens');
      expect(others).toEqual([]);
      const stored = JSON.parse((await probe.get(key!))!) as { refreshToken: string; generation: number };
      expect(stored.refreshToken).toBe(simulator.refreshTokens.at(-1));
      expect(stored.generation).toBe(simulator.refreshTokens.length);
    } finally {
      probe.disconnect();
      await fleet.close();
    }
  }, 30_000);

  it('write back a refresh made while Redis was away, so an instance started later does not use the dead one of the environment', async () => {
    const ttlMs = 1_000;
    const fleet = await startFleet({ instances: 1, ttlMs, env: { REDIS_URL: redis.url } });
    const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      const { simulator } = fleet;
      const [alone] = fleet.servers;
      expect(await write(alone!)).toBe('UpsertEventSuccess');
      await redis.stop();
      // The token runs out during the outage: the instance refreshes it alone, as it would without Redis.
      const { failures } = await drive([alone!], ttlMs + 500, 1);
      expect(failures).toEqual([]);
      expect(simulator.refreshTimes).toHaveLength(2);
      await redis.start();
      await probe.connect();
      const deadline = Date.now() + 5_000;
      const stored = async () => {
        const [key] = await probe.keys('cronofy-batch-graphql:credentials:*:tokens');
        return key === undefined ? undefined : (JSON.parse((await probe.get(key))!) as { refreshToken: string });
      };
      while ((await stored())?.refreshToken !== simulator.refreshTokens.at(-1) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await stored())?.refreshToken).toBe(simulator.refreshTokens.at(-1));

      // Its environment still says refresh-1, used twice over by now: Redis's tokens win.
      const later = await fleet.add();
      expect(await write(later)).toBe('UpsertEventSuccess');
      expect(await write(alone!)).toBe('UpsertEventSuccess');
      expect(simulator.invalidGrants).toBe(0);
    } finally {
      probe.disconnect();
      await fleet.close();
    }
  }, 20_000);

  it('ask Cronofy once when it refuses the refresh token, not once per instance or write', async () => {
    const fleet = await startFleet({
      instances: 2,
      ttlMs: 60_000,
      env: { REDIS_URL: redis.url, CRONOFY_ACCESS_TOKEN: 'server-access-1' },
      revoked: true,
    });
    try {
      fleet.simulator.expireAccessToken('server-access-1');
      const answers = await Promise.all(fleet.servers.flatMap((server) => [write(server), write(server), write(server)]));
      answers.push(...(await Promise.all(fleet.servers.map(write))));
      for (const answer of answers) expect(answer).toContain('"code":"UNAUTHENTICATED"');
      expect(answers[0]).toContain("Cronofy refused the server's refresh token (invalid_grant)");
      expect(fleet.simulator.tokenRequests).toBe(1);
    } finally {
      await fleet.close();
    }
  });

  it('never put a token or the client secret in a log line', () => {
    const messages = lines.map((line) => String((JSON.parse(line) as { msg?: unknown }).msg));
    // The runs above logged refreshes, batch calls and the Redis fault: there was something to check.
    expect(messages).toContain("refreshed the server's Cronofy access token");
    expect(messages).toContain('cronofy batch call');
    expect(messages.some((msg) => msg.startsWith('redis unusable'))).toBe(true);
    const text = lines.join('\n');
    expect(text).not.toContain('sim-access-');
    expect(text).not.toContain('sim-refresh-');
    for (const secret of ['refresh-1', 'server-access-1', SERVER_CLIENT.clientSecret]) expect(text).not.toContain(secret);
  });
});

describe('server credentials without REDIS_URL', () => {
  it('stay in each instance as before: a second instance refreshing the same refresh token is refused', async () => {
    const fleet = await startFleet({ instances: 2, ttlMs: 60_000 });
    try {
      const [first, second] = fleet.servers;
      expect(await write(first!)).toBe('UpsertEventSuccess');
      const refused = await write(second!);
      expect(refused).toContain('UNAUTHENTICATED');
      expect(refused).toContain('invalid_grant');
      expect(fleet.simulator.refreshTimes).toHaveLength(1);
      expect(fleet.simulator.invalidGrants).toBe(1);
    } finally {
      await fleet.close();
    }
  });
});
