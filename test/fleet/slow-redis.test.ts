import { expect, it } from 'vitest';
import { useFleetBehindProxy } from '../support/fleet.js';
import { checkAnswers, steadyLoad, warmUp } from './steady-load.js';

/**
 * Replies from Redis that come late, but within REDIS_TIMEOUT_MS (250 ms), and by a different
 * amount each: Redis counts a slot when the script runs, the instance sends its call when the
 * reply arrives. The budget's 100 ms margin and its pacing are all that separate the fleet's
 * count from what Cronofy sees. (This held: no 429 with 0–245 ms of jitter.)
 */
const RATES = { perSecond: 20, perMinute: 6_000 };
const REPLY_DELAY_MS = Number(process.env.REDTEAM_REPLY_DELAY_MS ?? 200);

const setup = useFleetBehindProxy((proxied) => ({
  instances: 3,
  rates: RATES,
  env: { CRONOFY_SLOT_WAIT_MS: '3000', REDIS_URL: proxied },
}));

it(`keeps the fleet within Cronofy’s per-second limit when every instance's Redis replies come 0 to ${REPLY_DELAY_MS} ms late`, async () => {
  const { fleet, proxy } = setup;
  await warmUp(fleet);
  proxy.replyDelayMs = () => Math.random() * REPLY_DELAY_MS;
  const answers = await steadyLoad(fleet, { callers: 45, perSecond: 45, seconds: 6 });
  const faults = fleet.logs.flat().filter((line) => String(line.msg).startsWith('redis unusable')).length;
  console.log(
    `jittery redis (0-${REPLY_DELAY_MS} ms): ${answers.length} writes, ${fleet.simulator.calls.length} calls; ` +
      `redis faults logged ${faults}; upstream 429s ${fleet.simulator.rateLimitedRequests}`,
  );
  expect(checkAnswers(fleet, answers)).toEqual([]);
  expect(fleet.simulator.rateLimitedRequests).toBe(0);
}, 60_000);
