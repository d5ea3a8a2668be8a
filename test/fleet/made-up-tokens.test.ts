import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Answer, type Fleet, FLEET_TOKEN_PREFIX, startFleet, upsert } from '../support/fleet.js';
import { warmUp } from './steady-load.js';

/**
 * Fair shares are per caller, and a caller is whatever bearer token a request carries: anyone on
 * the public edge can be a thousand callers. An attacker sending made-up tokens gets a turn per
 * token; each turn is a call that Cronofy refuses with 401, and a slot of the application's
 * budget gone. A real caller writing well within the budget then waits behind every made-up
 * token in the line.
 */
const RATES = { perSecond: 20, perMinute: 6_000 };

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ instances: 1, rates: RATES, env: { CRONOFY_SLOT_WAIT_MS: '3000' } });
});
afterAll(() => fleet?.close());

it('a real caller writing 4 times a second keeps its writes, answered promptly, while someone sends 80 requests a second with made-up tokens', async () => {
  await warmUp(fleet);
  const { url } = fleet.instances[0]!;
  const attack: Array<Promise<Answer[]>> = [];
  const real: Array<Promise<Answer[]>> = [];
  const latencies: number[] = [];
  for (let tick = 0; tick < 400; tick++) {
    attack.push(upsert(url, `made-up-${randomBytes(8).toString('hex')}`, [`x${tick}`]));
    if (tick % 20 === 0) {
      const sent = performance.now();
      real.push(
        upsert(url, `${FLEET_TOKEN_PREFIX}real`, [`real-${tick}`]).then((answer) => (latencies.push(performance.now() - sent), answer)),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 12.5));
  }
  const answers = (await Promise.all(real)).flat();
  const attacked = (await Promise.all(attack)).flat();
  const applied = answers.filter((answer) => answer.outcome === 'success').length;
  const refused = fleet.simulator.unauthorizedCalls;
  console.log(
    `made-up tokens: the real caller's ${answers.length} writes → ${applied} applied, slowest answer ${Math.round(Math.max(...latencies))} ms; ` +
      `the attacker's ${attacked.length} requests → ${refused} calls refused 401 by Cronofy, ` +
      `${attacked.filter((answer) => answer.outcome === 'RATE_LIMITED').length} RATE_LIMITED`,
  );
  expect(applied).toBe(answers.length);
  // Its own demand is a fifth of the budget: it should not wait for the slot-wait bound.
  expect(Math.max(...latencies)).toBeLessThan(1_000);
}, 60_000);
