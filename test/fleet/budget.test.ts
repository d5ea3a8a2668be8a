import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, busiestWindow, type Fleet, FLEET_TOKEN_PREFIX, startFleet, upsert } from '../support/fleet.js';
import { startRedis, type RedisProcess } from '../support/redis.js';
import { warmUp } from './steady-load.js';

/**
 * Cronofy's per-application budget, scaled down (20 calls a second, 100 a minute) so a run takes
 * seconds: the simulator refuses past it with 429, as Cronofy does. Three instances share it
 * through one real Redis, and a load balancer's round robin spreads callers over them.
 */
const RATES = { perSecond: 20, perMinute: 100 };
const INSTANCES = 3;
const SLOT_WAIT_MS = 4_000;

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.close());

interface Run {
  answers: Answer[];
  requests: number;
  calls: number;
  entries: number;
  durationMs: number;
}

/**
 * `callers` callers, each sending a mutation of 1 to 3 writes every second for `seconds` (open
 * loop: a caller does not wait for its answers), each to the next instance in turn.
 */
async function load(fleet: Fleet, callers: number, seconds: number): Promise<Run> {
  await warmUp(fleet);
  const started = performance.now();
  const pending: Array<Promise<Answer[]>> = [];
  let requests = 0;
  for (let tick = 0; tick < seconds; tick++) {
    for (let caller = 0; caller < callers; caller++) {
      const eventIds = Array.from({ length: 1 + ((caller + tick) % 3) }, (_, i) => `c${caller}-t${tick}-w${i}`);
      const instance = fleet.instances[requests++ % fleet.instances.length]!;
      pending.push(upsert(instance.url, `${FLEET_TOKEN_PREFIX}${caller}`, eventIds));
      // Spread a second's requests over the second.
      await new Promise((resolve) => setTimeout(resolve, 1000 / callers));
    }
  }
  const answers = (await Promise.all(pending)).flat();
  const calls = fleet.simulator.calls.length;
  const entries = fleet.simulator.calls.reduce((sum, call) => sum + call.entries.length, 0);
  return { answers, requests, calls, entries, durationMs: performance.now() - started };
}

/** Every write has exactly one answer, and the simulator holds exactly the ones answered success. */
function expectAnswersMatchState(fleet: Fleet, run: Run): void {
  const written = new Set<string>();
  for (const call of fleet.simulator.calls) {
    for (const entry of call.entries as Array<{ data: { event_id: string } }>) {
      expect(written.has(entry.data.event_id), `${entry.data.event_id} sent twice`).toBe(false);
      written.add(entry.data.event_id);
    }
  }
  for (const answer of run.answers) {
    if (answer.outcome === 'success') expect(written.has(answer.eventId)).toBe(true);
    else {
      expect(answer).toMatchObject({ outcome: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      expect(written.has(answer.eventId), `${answer.eventId} answered RATE_LIMITED but sent`).toBe(false);
    }
  }
  expect(written.size).toBe(run.answers.filter((answer) => answer.outcome === 'success').length);
}

function report(name: string, run: Run, fleet: Fleet): void {
  const limited = run.answers.filter((answer) => answer.outcome === 'RATE_LIMITED').length;
  console.log(
    `fleet ${name}: ${run.requests} requests, ${run.answers.length} writes in ${(run.durationMs / 1000).toFixed(1)} s → ` +
      `${run.calls} calls (${(run.entries / run.calls).toFixed(2)} entries per call), busiest second ${busiestWindow(fleet.simulator, 1000)}, ` +
      `${run.answers.length - limited} applied, ${limited} RATE_LIMITED unsent, upstream 429s ${fleet.simulator.rateLimitedRequests}, ` +
      `redis faults logged ${fleet.logs.flat().filter((line) => String(line.msg).startsWith('redis unusable')).length}`,
  );
}

describe('three instances sharing one budget through Redis', () => {
  it('at 10× the budget (200 callers): no 429, at least 90 % of the window used, every write answered once and as applied', async () => {
    await redis.stop();
    await redis.start();
    const fleet = await startFleet({ instances: INSTANCES, rates: RATES, redis, env: { CRONOFY_SLOT_WAIT_MS: String(SLOT_WAIT_MS) } });
    try {
      const run = await load(fleet, 200, 6);
      report('10×', run, fleet);
      expect(fleet.simulator.rateLimitedRequests).toBe(0);
      // Seven seconds hold 100 calls at most: the minute's budget.
      expect(run.calls).toBeGreaterThanOrEqual(0.9 * RATES.perMinute);
      expect(run.calls).toBeLessThanOrEqual(RATES.perMinute);
      expect(busiestWindow(fleet.simulator, 1000)).toBeLessThanOrEqual(RATES.perSecond);
      expect(run.answers.some((answer) => answer.outcome === 'RATE_LIMITED')).toBe(true);
      expectAnswersMatchState(fleet, run);
      // Entries per call are reported, not asserted: how many of a caller's writes wait at one
      // instance when its turn comes depends on the machine's pace (test/integration/rate-limits.test.ts shows
      // the coalescing itself, deterministically).
    } finally {
      await fleet.close();
    }
  }, 60_000);

  it('at 1× the budget (20 callers): every write applied, no 429', async () => {
    await redis.stop();
    await redis.start();
    const fleet = await startFleet({ instances: INSTANCES, rates: RATES, redis, env: { CRONOFY_SLOT_WAIT_MS: String(SLOT_WAIT_MS) } });
    try {
      const run = await load(fleet, 20, 4);
      report('1×', run, fleet);
      expect(fleet.simulator.rateLimitedRequests).toBe(0);
      expect(run.answers.every((answer) => answer.outcome === 'success')).toBe(true);
      expectAnswersMatchState(fleet, run);
    } finally {
      await fleet.close();
    }
  }, 60_000);
});
