import { expect, it } from 'vitest';
import { useFleetBehindProxy } from '../support/fleet.js';
import { checkAnswers, steadyLoad, warmUp } from './steady-load.js';

/**
 * Redis unreachable for three seconds (a network fault; Redis itself keeps its data) after the
 * fleet has spent the minute's budget. Each instance falls back to 1/3 of the rates; its sliding
 * log counts the slots it took itself through Redis in that minute, but not the others': an
 * instance that took less than a third of the minute's slots may still send the rest of its
 * third into a minute Cronofy counts as full. (50 upstream 429s before the fallback counted its
 * own slots; 6 since.)
 */
const RATES = { perSecond: 20, perMinute: 100 };

const setup = useFleetBehindProxy((proxied) => ({
  instances: 3,
  rates: RATES,
  env: { CRONOFY_SLOT_WAIT_MS: '3000', REDIS_URL: proxied },
}));

it('keeps the fleet within Cronofy’s per-minute limit across a Redis outage that comes after a busy minute', async () => {
  const { fleet, proxy } = setup;
  await warmUp(fleet);
  let cutAt = 0;
  const answers = await steadyLoad(fleet, {
    callers: 45,
    perSecond: 45,
    seconds: 11,
    at: async (second) => {
      if (process.env.REDTEAM_NO_FAULT) return;
      if (second === 7) {
        cutAt = performance.now();
        await proxy.cut();
      }
      if (second === 10) await proxy.restore();
    },
  });
  const before = fleet.simulator.calls.filter((call) => call.receivedAt < cutAt).length;
  console.log(
    `busy minute, then outage: ${answers.length} writes, ${fleet.simulator.calls.length} calls admitted (${before} before the cut; ` +
      `Cronofy allows ${RATES.perMinute} a minute); upstream 429s ${fleet.simulator.rateLimitedRequests}`,
  );
  expect(checkAnswers(fleet, answers)).toEqual([]);
  // Documented (docs/fleet.md): the fallback starts from the slots each instance took through
  // Redis, so only shares of the minute that were uneven can be spent again: a few calls, not the
  // minute's worth (50 429s before the fallback counted them).
  expect(fleet.simulator.rateLimitedRequests).toBeLessThanOrEqual(Math.ceil(RATES.perMinute / 10));
}, 60_000);
