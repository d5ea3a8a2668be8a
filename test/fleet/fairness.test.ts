import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Fleet, FLEET_TOKEN_PREFIX, jainIndex, startFleet, upsert } from '../support/fleet.js';

/**
 * One caller with 5,000 writes and 50 callers with one each, against one instance whose budget
 * (20 calls a second) is far too short for the big one: callers take turns at the slots, so the
 * 50 do not wait behind the big caller's hundred calls.
 */
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ instances: 1, rates: { perSecond: 20, perMinute: 200 }, env: { CRONOFY_SLOT_WAIT_MS: '8000' } });
});
afterAll(() => fleet?.close());

it('50 callers with one write each are answered within a few slots of a caller with 5,000 writes', async () => {
  const { url } = fleet.instances[0]!;
  const big = `${FLEET_TOKEN_PREFIX}big`;
  // Ten requests of 500 writes: the most one request may hold.
  const bigAnswers = Array.from({ length: 10 }, (_, r) =>
    upsert(
      url,
      big,
      Array.from({ length: 500 }, (_, i) => `big-${r}-${i}`),
    ),
  );
  // The big caller has the budget to itself for a second and a half: its queue is long when the others come.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const callsBefore = fleet.simulator.calls.length;
  const arrived = performance.now();
  const small = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const token = `${FLEET_TOKEN_PREFIX}small-${i}`;
      const sentAt = performance.now();
      const [answer] = await upsert(url, token, [`small-${i}`]);
      return { ...answer!, token, sentAt, latencyMs: performance.now() - sentAt };
    }),
  );
  expect(small.every((answer) => answer.outcome === 'success')).toBe(true);

  // The simulator shares this process's clock: for each of the 50, the big caller's calls that
  // went between its request and its own call.
  const calls = fleet.simulator.calls.slice(callsBefore);
  const bigCalls = calls.filter((call) => call.accessToken === big).map((call) => call.receivedAt);
  const overtaken = small.map(({ token, sentAt }) => {
    const own = calls.find((call) => call.accessToken === token)!.receivedAt;
    return bigCalls.filter((time) => time > sentAt && time < own).length;
  });
  // Round robin: a single write waits for one turn of the big caller, or a few when the machine is
  // slow to read the 50 requests (each joins the round behind whoever is waiting when it arrives).
  // First come, first served would make each wait for the big caller's whole backlog: 100 calls.
  expect(Math.max(...overtaken)).toBeLessThanOrEqual(8);
  const lastSmall = calls.findLastIndex((call) => call.accessToken !== big);
  const meanwhile = calls.slice(0, lastSmall + 1);
  const bigMeanwhile = meanwhile.filter((call) => call.accessToken === big).length;
  expect(meanwhile.length - bigMeanwhile).toBe(50);
  // Calls granted to each caller from the moment the 50 came until the last of them went.
  const granted = [bigMeanwhile, ...Array(50).fill(1)];
  const fairness = jainIndex(granted);
  // 1 is equal shares; first come, first served would give about 0.04.
  expect(fairness).toBeGreaterThan(0.5);
  const worst = Math.max(...small.map((answer) => answer.latencyMs));
  console.log(
    `fairness: the 50 single writes took ${meanwhile.length} slots in ${((performance.now() - arrived) / 1000).toFixed(2)} s, ` +
      `${bigMeanwhile} of them the big caller's (at most ${Math.max(...overtaken)} before any one of the 50); ` +
      `worst latency ${(worst / 1000).toFixed(2)} s; Jain's index over calls granted meanwhile ${fairness.toFixed(3)}`,
  );
  const bigDone = (await Promise.all(bigAnswers)).flat();
  // The big caller is not starved either: it keeps a turn in every round, and what could not get a slot is told so.
  expect(bigDone.filter((answer) => answer.outcome === 'success').length).toBeGreaterThan(50 * 10);
  expect(bigDone.every((answer) => answer.outcome === 'success' || answer.outcome === 'RATE_LIMITED')).toBe(true);
}, 60_000);
