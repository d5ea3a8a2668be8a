import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Answer, busiestWindow, type Fleet, FLEET_TOKEN_PREFIX, startFleet, upsert } from '../support/fleet.js';

/**
 * Redis killed in the middle of a run and started again, empty, as a crash and a restart would
 * leave it. Three instances, each falling back to a third of the rates meanwhile.
 */
const RATES = { perSecond: 20, perMinute: 600 };
const INSTANCES = 3;
const FALLBACK_PER_SECOND = INSTANCES * Math.floor(RATES.perSecond / INSTANCES);

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ instances: INSTANCES, rates: RATES });
});
afterAll(() => fleet?.close());

async function ready(url: string): Promise<{ status: string; redis?: { reachable: boolean; reason?: string } }> {
  const response = await request(new URL('/ready', url));
  return (await response.body.json()) as { status: string; redis?: { reachable: boolean; reason?: string } };
}

it('loses, doubles and fails no write, keeps the fleet within its fallback, and rejoins', async () => {
  const started = performance.now();
  const pending: Array<Promise<Answer[]>> = [];
  let requests = 0;
  let killedAt = 0;
  let restartedAt = 0;
  const readiness: string[] = [];
  const gauges: string[] = [];
  // Six callers, two requests a second each, over the three instances: 12 calls a second, within the fallback's 18.
  for (let tick = 0; tick < 16; tick++) {
    if (tick === 4) {
      killedAt = performance.now();
      await fleet.redis.stop();
    }
    if (tick === 10) {
      readiness.push((await ready(fleet.instances[0]!.url)).status);
      const metrics = await (await request(fleet.instances[0]!.url.replace('/graphql', '/metrics'))).body.text();
      gauges.push(/^cronofy_call_budget_shared (\d)$/m.exec(metrics)?.[1] ?? 'absent');
      restartedAt = performance.now();
      await fleet.redis.start();
    }
    for (let caller = 0; caller < 6; caller++) {
      const instance = fleet.instances[requests++ % INSTANCES]!;
      pending.push(upsert(instance.url, `${FLEET_TOKEN_PREFIX}${caller}`, [`c${caller}-t${tick}-a`, `c${caller}-t${tick}-b`]));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const answers = (await Promise.all(pending)).flat();

  expect(answers.filter((answer) => answer.outcome !== 'success')).toEqual([]);
  const sent = fleet.simulator.calls.flatMap((call) => (call.entries as Array<{ data: { event_id: string } }>).map((e) => e.data.event_id));
  expect(new Set(sent).size).toBe(sent.length);
  expect(sent.sort()).toEqual(answers.map((answer) => answer.eventId).sort());
  expect(fleet.simulator.rateLimitedRequests).toBe(0);

  const outage = busiestWindow(fleet.simulator, 1000, killedAt, restartedAt);
  expect(outage).toBeLessThanOrEqual(FALLBACK_PER_SECOND);
  expect(readiness).toEqual(['degraded']);
  expect(gauges).toEqual(['0']);
  await expect.poll(async () => (await ready(fleet.instances[0]!.url)).status, { timeout: 5_000 }).toBe('ready');
  for (const lines of fleet.logs) {
    expect(lines.filter((line) => String(line.msg).startsWith('redis unusable'))).toHaveLength(1);
    expect(lines.filter((line) => String(line.msg).startsWith('redis usable again'))).toHaveLength(1);
  }
  console.log(
    `outage: ${answers.length} writes in ${requests} requests over ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
      `Redis away ${((restartedAt - killedAt) / 1000).toFixed(1)} s; all applied once; busiest second during the outage ${outage} ` +
      `(fallback ${FALLBACK_PER_SECOND}), overall ${busiestWindow(fleet.simulator, 1000)}; upstream 429s 0`,
  );
}, 60_000);
