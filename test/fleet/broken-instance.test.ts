import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Fleet, startFleet } from '../support/fleet.js';
import { steadyLoad, warmUp } from './steady-load.js';

/**
 * One instance cannot reach Cronofy (its egress is broken: connection refused), the two others
 * can. The broken one still takes a slot of the shared budget for every attempt, retries and
 * attempts its open circuit refuses at once included, although none of them reaches Cronofy:
 * the healthy instances, with writes waiting, get fewer slots than the budget holds.
 */
const RATES = { perSecond: 20, perMinute: 6_000 };

let fleet: Fleet;
beforeAll(async () => {
  // A port nothing listens on.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const dead = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  fleet = await startFleet({
    instances: 3,
    rates: RATES,
    env: { CRONOFY_SLOT_WAIT_MS: '3000', CRONOFY_RETRY_BASE_MS: '50', CRONOFY_RETRY_MAX_MS: '200' },
    instanceEnv: (index) => (index === 0 ? { CRONOFY_API_URL: `http://127.0.0.1:${dead}` } : {}),
  });
});
afterAll(() => fleet?.close());

it('spends no slot of the shared budget on attempts that reach no Cronofy', async () => {
  await warmUp(fleet);
  const from = performance.now();
  // 90 single-write requests a second from 90 callers over three instances: the two healthy ones alone want 60 calls a second.
  const answers = await steadyLoad(fleet, { callers: 90, perSecond: 90, seconds: 6 });
  const redis = new Redis(fleet.redis.url);
  const slots = await redis.zcard('cronofy-batch-graphql:budget:us');
  await redis.quit();
  const calls = fleet.simulator.calls.filter((call) => call.receivedAt >= from).length;
  const outcomes: Record<string, number> = {};
  for (const answer of answers) outcomes[answer.outcome] = (outcomes[answer.outcome] ?? 0) + 1;
  console.log(
    `broken instance: ${JSON.stringify(outcomes)}; ${slots} slots taken in Redis, ${calls} calls reached Cronofy ` +
      `(the budget holds about ${Math.floor((6 * 1000) / Math.ceil(1100 / RATES.perSecond))} in 6 s)`,
  );
  expect(slots - calls).toBeLessThanOrEqual(5);
}, 60_000);
