import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RedisConnection } from '../../src/fleet/redis-connection.js';
import { SharedCallBudget } from '../../src/fleet/shared-call-budget.js';
import { createLogger } from '../../src/observability/logger.js';
import { startRedis, type RedisProcess } from '../support/redis.js';

/**
 * The budget counts on Redis's clock so that instances' clocks do not matter; but the slots an
 * instance took while Redis was away are handed to Redis as timestamps of the instance's own
 * clock. An instance whose clock is ahead puts them in Redis's future, where they hold the
 * fleet's spacing and windows until Redis's clock catches up.
 */
const SKEW_MS = 30_000;

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.close());

it('an instance whose clock runs 30 s ahead does not stop the fleet for 30 s when it rejoins after an outage', async () => {
  const real = Date.now.bind(Date);
  const connections: RedisConnection[] = [];
  const connect = async () => {
    const connection = new RedisConnection(redis.url, {
      timeoutMs: 250,
      logger: createLogger('silent', new Writable({ write: (_c, _e, done) => done() })),
    });
    connections.push(connection);
    await vi.waitFor(() => expect(connection.usable).toBe(true), { timeout: 5_000 });
    return connection;
  };
  const rates = { perSecond: 10, perMinute: 600 };
  try {
    // This process's clock, as the skewed instance sees it; the other instance, made afterwards, uses the real one.
    const skewed = vi.spyOn(Date, 'now').mockImplementation(() => real() + SKEW_MS);
    const ahead = new SharedCallBudget(await connect(), rates, { fleetSize: 2 });
    expect(await ahead.take('us')).toEqual({ granted: true });
    await redis.stop();
    // Past the fallback's spacing (1 100 ms / 5) after the slot just taken, which it counts too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Redis away: a slot from the fallback, stamped with the skewed clock.
    expect(await ahead.take('us')).toEqual({ granted: true });
    await redis.start();
    await vi.waitFor(() => expect(connections[0]!.usable).toBe(true), { timeout: 5_000, interval: 50 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Rejoining hands the fallback's slot to Redis.
    await ahead.take('us');
    skewed.mockRestore();
    const other = new SharedCallBudget(await connect(), rates, { fleetSize: 2 });
    const slot = await other.take('us');
    expect(slot.granted ? 0 : slot.waitMs).toBeLessThan(1_000);
  } finally {
    vi.restoreAllMocks();
    await Promise.all(connections.map((connection) => connection.close()));
  }
});
