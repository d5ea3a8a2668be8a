import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/fleet/redis-connection.js';
import { spacingOf } from '../../src/fleet/call-budget.js';
import { SharedCallBudget } from '../../src/fleet/shared-call-budget.js';
import { createLogger } from '../../src/observability/logger.js';
import { startRedis, type RedisProcess } from '../support/redis.js';

let redis: RedisProcess;
const connections: RedisConnection[] = [];
const logged: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
  logged.length = 0;
});
afterAll(() => redis?.close());

/** One instance's budget, on a connection of its own, as a separate process would have. */
async function instance(rates = { perSecond: 4, perMinute: 100 }, fleetSize = 2): Promise<SharedCallBudget> {
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const connection = new RedisConnection(redis.url, { timeoutMs: 250, logger });
  connections.push(connection);
  await new Promise<void>((resolve) => (connection.usable ? resolve() : connection.client.once('ready', () => resolve())));
  await connection.client.flushall();
  return new SharedCallBudget(connection, rates, { fleetSize });
}

/** Asks `times` times, a little more than the spacing apart. */
async function takeAll(budget: SharedCallBudget, times: number): Promise<number> {
  let granted = 0;
  for (let i = 0; i < times; i++) {
    if ((await budget.take('us')).granted) granted++;
    await new Promise((resolve) => setTimeout(resolve, spacingOf(budget.rates) + 2));
  }
  return granted;
}

describe('SharedCallBudget on a real Redis', () => {
  it('is one budget for every instance: two instances together get perMinute slots, not twice that', async () => {
    const rates = { perSecond: 1000, perMinute: 4 };
    const [a, b] = [await instance(rates), await instance(rates)];
    expect((await takeAll(a, 3)) + (await takeAll(b, 3))).toBe(4);
    const refused = await b.take('us');
    expect(refused).toMatchObject({ granted: false });
    expect(refused.granted ? 0 : refused.waitMs).toBeGreaterThan(59_000);
  });

  it('paces the fleet as one: right after a slot of one instance, the other waits the spacing', async () => {
    const [a, b] = [await instance(), await instance()];
    expect(await a.take('us')).toEqual({ granted: true });
    const refused = await b.take('us');
    expect(refused).toMatchObject({ granted: false });
    expect(refused.granted ? 0 : refused.waitMs).toBeGreaterThan(spacingOf({ perSecond: 4, perMinute: 100 }) - 50);
  });

  it("shares a 429's pause: after one instance pauses, the other gets no slot until it is over", async () => {
    const [a, b] = [await instance(), await instance()];
    await a.pause('us', 400);
    expect(await b.take('us')).toMatchObject({ granted: false });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await b.take('us')).toEqual({ granted: true });
  });

  it('falls back to 1/FLEET_SIZE_HINT of the rates when Redis is gone, logs it once, and rejoins with its slots counted', async () => {
    const a = await instance({ perSecond: 4, perMinute: 100 }, 2);
    await redis.stop();
    try {
      // Asked every 5 ms for a second: half of four a second, paced.
      let granted = 0;
      for (const started = Date.now(); Date.now() - started < 1_000;) {
        if ((await a.take('us')).granted) granted++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(granted).toBe(2);
      expect(a.fallbackRates).toEqual({ perSecond: 2, perMinute: 50 });
      expect(logged.filter((line) => String(line.msg).startsWith('redis unusable'))).toHaveLength(1);
      expect(JSON.stringify(logged)).not.toContain(redis.url);
    } finally {
      await redis.start();
    }
    // Back within about a second (ioredis reconnects, then the fault's hold-off passes).
    await expect.poll(() => connections[0]!.usable, { timeout: 5_000, interval: 50 }).toBe(true);
    expect(await a.take('us')).toEqual({ granted: true });
    // The restarted Redis is empty: it now holds the two slots taken while it was away, and the new one.
    expect(await connections[0]!.client.zcard('cronofy-batch-graphql:budget:us')).toBe(3);
    expect(logged.filter((line) => String(line.msg).startsWith('redis usable again'))).toHaveLength(1);
  });
});
