import { expect, it } from 'vitest';
import { busiestWindow, useFleetBehindProxy } from '../support/fleet.js';
import { checkAnswers, steadyLoad, warmUp } from './steady-load.js';

/**
 * One instance loses its path to Redis while the two others keep theirs (a partition, a
 * firewall rule, a saturated link): Redis itself is fine. The cut-off instance falls back to
 * 1/3 of the rates in memory, while the two others go on taking the whole shared budget from
 * Redis. Cronofy sees the sum.
 */
const RATES = { perSecond: 20, perMinute: 6_000 };

const setup = useFleetBehindProxy((proxied) => ({
  instances: 3,
  rates: RATES,
  env: { CRONOFY_SLOT_WAIT_MS: '3000' },
  instanceEnv: (index) => (index === 0 ? { REDIS_URL: proxied } : {}),
}));

it('keeps the fleet within Cronofy’s per-second limit when one instance alone loses Redis', async () => {
  const { fleet, proxy } = setup;
  await warmUp(fleet);
  let cutAt = 0;
  // 45 single-write requests a second over the three instances: more than the budget's 20.
  const answers = await steadyLoad(fleet, {
    callers: 45,
    perSecond: 45,
    seconds: 6,
    at: async (second) => {
      if (second === 2 && !process.env.REDTEAM_NO_FAULT) {
        cutAt = performance.now();
        await proxy.cut();
      }
    },
  });
  const busiest = busiestWindow(fleet.simulator, 1000, cutAt);
  console.log(
    `partition: ${answers.length} writes, ${fleet.simulator.calls.length} calls; busiest second after the cut ${busiest} ` +
      `(Cronofy allows ${RATES.perSecond}); upstream 429s ${fleet.simulator.rateLimitedRequests}`,
  );
  expect(checkAnswers(fleet, answers)).toEqual([]);
  // Documented (docs/fleet.md, "When Redis goes away"): the cut-off instance's 1/3 comes on top of
  // the shared budget, so the fleet may pass Cronofy's limit by that much, never more; Cronofy's
  // 429s then pause that instance, and no write is lost or answered wrongly (above).
  expect(busiest).toBeLessThanOrEqual(RATES.perSecond + Math.floor(RATES.perSecond / 3));
}, 60_000);
