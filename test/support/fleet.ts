import { Writable } from 'node:stream';
import { request } from 'undici';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { CronofySimulator, type RateLimits } from '../../src/simulator/index.js';
import { afterAll, beforeAll } from 'vitest';
import { startRedis, type RedisProcess } from './redis.js';
import { TEST_ENV } from './stack.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export interface FleetOptions {
  instances: number;
  rates: RateLimits;
  latencyMs?: number;
  env?: NodeJS.ProcessEnv;
  redis?: RedisProcess;
  /** Settings of one instance only (e.g. its own REDIS_URL through a proxy), over `env`. */
  instanceEnv?: (index: number) => NodeJS.ProcessEnv;
}

/** Callers' tokens start with this: the simulator gives each its own account (calendar `cal_1`) on first use. */
export const FLEET_TOKEN_PREFIX = 'fleet-caller-';

export interface Fleet {
  simulator: CronofySimulator;
  redis: RedisProcess;
  instances: RunningServer[];
  /** Each instance's log lines, parsed. */
  logs: Array<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/**
 * N real servers sharing one real Redis, in front of one simulator that enforces Cronofy's
 * application limits (`rates`), as a fleet behind a load balancer would run.
 *
 * ```ts
 * const fleet = await startFleet({ instances: 3, rates: { perSecond: 20, perMinute: 100 } });
 * await upsert(fleet.instances[0]!.url, 'fleet-caller-1', [{ eventId: 'a' }]);
 * ```
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const [simulator, redis] = await Promise.all([
    CronofySimulator.start({ rateLimits: options.rates, acceptTokenPrefix: FLEET_TOKEN_PREFIX, latencyMs: options.latencyMs ?? 10 }),
    options.redis ?? startRedis(),
  ]);
  const env = {
    ...TEST_ENV,
    LOG_LEVEL: 'info',
    CRONOFY_API_URL: simulator.url,
    REDIS_URL: redis.url,
    FLEET_SIZE_HINT: String(options.instances),
    CRONOFY_RATE_PER_SECOND: String(options.rates.perSecond),
    CRONOFY_RATE_PER_MINUTE: String(options.rates.perMinute),
    ...options.env,
  };
  const logs: Fleet['logs'] = [];
  const instances = await Promise.all(
    Array.from({ length: options.instances }, (_, index) => {
      const lines: Array<Record<string, unknown>> = [];
      logs[index] = lines;
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      });
      const own = { ...env, ...options.instanceEnv?.(index) };
      return startServer({ ...loadConfig(own), port: 0 }, { logger: createLogger('info', destination) });
    }),
  );
  return {
    simulator,
    redis,
    instances,
    logs,
    async close() {
      await Promise.all(instances.map((instance) => instance.close()));
      await simulator.close();
      if (!options.redis) await redis.close();
    },
  };
}

/** One write's answer, as the caller saw it. */
export interface Answer {
  eventId: string;
  outcome: 'success' | 'RATE_LIMITED' | string;
  retryAfter?: number;
}

/**
 * Sends one mutation of `upsertEvent` fields (one per event id) for `token`, and gives each
 * field's answer: `success`, or the error code its path got.
 */
export async function upsert(url: string, token: string, eventIds: readonly string[]): Promise<Answer[]> {
  const fields = eventIds.map(
    (eventId, i) =>
      `f${i}: upsertEvent(input: { calendarId: "cal_1", eventId: ${JSON.stringify(eventId)}, summary: "s", ` +
      `start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename }`,
  );
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: `mutation { ${fields.join('\n')} }` }),
  });
  const body = (await response.body.json()) as {
    data?: Record<string, { __typename: string } | null> | null;
    errors?: Array<{ path?: string[]; extensions?: { code?: string; retryAfter?: number } }>;
  };
  return eventIds.map((eventId, i) => {
    const error = body.errors?.find((e) => e.path?.[0] === `f${i}`);
    if (error) {
      return {
        eventId,
        outcome: error.extensions?.code ?? 'UNKNOWN',
        ...(error.extensions?.retryAfter !== undefined && { retryAfter: error.extensions.retryAfter }),
      };
    }
    const typename = body.data?.[`f${i}`]?.__typename;
    return { eventId, outcome: typename === 'UpsertEventSuccess' ? 'success' : (typename ?? `HTTP ${response.statusCode}`) };
  });
}

/** The most calls the simulator received within any `windowMs`, from `from` to `to`. */
export function busiestWindow(simulator: CronofySimulator, windowMs: number, from = 0, to = Infinity): number {
  return busiest(
    simulator.calls.map((call) => call.receivedAt),
    windowMs,
    from,
    to,
  );
}

/** The most of `times` (ms) within any `windowMs`, from `from` to `to`. */
export function busiest(times: readonly number[], windowMs: number, from = -Infinity, to = Infinity): number {
  const sorted = times.filter((time) => time >= from && time <= to).sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** Jain's fairness index of `values`: 1 when all are equal, 1/n when one has everything. */
export function jainIndex(values: readonly number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  const squares = values.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (values.length * squares);
}

/**
 * For a test file of Redis faults: Redis, a TCP proxy in front of it that a test cuts or slows,
 * and a fleet started with `options(proxied)`, `proxied` being Redis's URL through the proxy;
 * all started before the file's tests and closed after them.
 *
 * ```ts
 * const setup = useFleetBehindProxy((proxied) => ({ instances: 3, rates, env: { REDIS_URL: proxied } }));
 * it('…', async () => {
 *   const { fleet, proxy } = setup;
 *   await proxy.cut();
 * });
 * ```
 */
export function useFleetBehindProxy(options: (proxied: string) => Omit<FleetOptions, 'redis'>): { fleet: Fleet; proxy: TcpProxy } {
  let started: { redis: RedisProcess; proxy: TcpProxy; fleet: Fleet } | undefined;
  beforeAll(async () => {
    const redis = await startRedis();
    const proxy = await startTcpProxy(redis.port);
    const fleet = await startFleet({ ...options(`redis://127.0.0.1:${proxy.port}`), redis });
    started = { redis, proxy, fleet };
  });
  afterAll(async () => {
    await started?.fleet.close();
    await started?.proxy.close();
    await started?.redis.close();
  });
  return {
    get fleet() {
      return started!.fleet;
    },
    get proxy() {
      return started!.proxy;
    },
  };
}
