import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Fleet, FLEET_TOKEN_PREFIX, startFleet, upsert } from '../support/fleet.js';

/**
 * A 429 with `Retry-After: 0` (or a date already past) asks for a pause of 0 ms. The shared
 * budget hands it to Redis as `SET … PX 0`, which Redis refuses as an invalid expire time: the
 * refusal counts as a Redis fault, so the instance leaves the shared budget for a second, logs
 * "redis unusable" and reports itself degraded, although Redis is fine.
 */
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ instances: 1, rates: { perSecond: 20, perMinute: 6_000 } });
});
afterAll(() => fleet?.close());

it('a 429 with Retry-After: 0 is retried without marking a healthy Redis as faulty', async () => {
  fleet.simulator.injectFaults({ kind: 'status', status: 429, retryAfter: '0' });
  const [answer] = await upsert(fleet.instances[0]!.url, `${FLEET_TOKEN_PREFIX}1`, ['a']);
  const ready = (await (await request(new URL('/ready', fleet.instances[0]!.url))).body.json()) as { status: string };
  const faults = fleet.logs[0]!.filter((line) => String(line.msg).startsWith('redis unusable'));
  console.log(
    `retry-after 0: answer ${answer!.outcome}, /ready ${ready.status}, redis faults logged ${JSON.stringify(faults.map((line) => line.redis))}`,
  );
  expect(answer!.outcome).toBe('success');
  expect(faults).toEqual([]);
  expect(ready.status).toBe('ready');
});
