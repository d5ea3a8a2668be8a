import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RedisConnection } from '../../src/fleet/redis-connection.js';
import { SharedCallBudget } from '../../src/fleet/shared-call-budget.js';
import { createLogger } from '../../src/observability/logger.js';
import { startRedis, type RedisProcess } from '../support/redis.js';

/**
 * The fallback budget keeps 1/FLEET_SIZE_HINT of the rates in a sliding log of its own. Slots the
 * instance took from Redis in the last minute count at Cronofy as much as those it takes alone:
 * the fallback must count them too, or an outage after a busy minute spends that minute again.
 */
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.close());

it('a fallback that starts after the instance spent its share of the minute through Redis grants no more until it frees', async () => {
  const connection = new RedisConnection(redis.url, {
    timeoutMs: 250,
    logger: createLogger('silent', new Writable({ write: (_chunk, _encoding, done) => done() })),
  });
  try {
    await vi.waitFor(() => expect(connection.usable).toBe(true), { timeout: 5_000 });
    // A fleet of two: the fallback's share is 2 a minute.
    const budget = new SharedCallBudget(connection, { perSecond: 1_000, perMinute: 4 }, { fleetSize: 2 });
    expect(await budget.take('us')).toEqual({ granted: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await budget.take('us')).toEqual({ granted: true });
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const slot = await budget.take('us');
    expect(slot).toMatchObject({ granted: false });
    expect(slot.granted ? 0 : slot.waitMs).toBeGreaterThan(59_000);
  } finally {
    await redis.start();
    await connection.close();
  }
});
