import { expect, it } from 'vitest';
import { Batcher } from '../../../src/batcher/batcher.js';
import { CallerQueue } from '../../../src/batcher/caller-queue.js';
import { Turn, Waiting } from '../../../src/batcher/waiting.js';
import type { EntryResult } from '../../../src/cronofy/batch.js';
import { bearerToken } from '../../../src/cronofy/credentials.js';
import { MemoryCallBudget } from '../../../src/fleet/call-budget.js';
import type { Upstream } from '../../../src/resilience/resilient-upstream.js';
import { deleteWrite } from '../../support/writes.js';

/**
 * Each write that arrives wakes the loop that takes turns. With a budget far too short, callers
 * pile up for CRONOFY_SLOT_WAIT_MS; if a turn of the loop walked every waiting caller (deadlines,
 * "is anything waiting", the next deadline), the cost of one arrival would grow with the number
 * waiting, and a flood of made-up tokens would cost the instance quadratic CPU.
 */
const upstream: Upstream = { send: async (_caller, entries) => entries.map((): EntryResult => ({ status: 202 })) };

/** `count` callers of one write each, one per turn of the event loop as requests arrive; the mean cost of one, in µs. */
async function arrive(batcher: Batcher, from: number, count: number): Promise<number> {
  const started = performance.now();
  for (let n = from; n < from + count; n++) {
    await new Promise((resolve) => setImmediate(resolve));
    batcher.submit({ dataCenter: 'us', credential: bearerToken(`caller-${n}`) }, deleteWrite(n)).catch(() => undefined);
  }
  await new Promise((resolve) => setImmediate(resolve));
  return ((performance.now() - started) / count) * 1000;
}

it('an arriving write costs about the same with 12,000 callers waiting as with 500', async () => {
  // A slot a second: nearly everything waits its whole CRONOFY_SLOT_WAIT_MS.
  const budget = () => new MemoryCallBudget({ perSecond: 1, perMinute: 60 });
  // Compiled first, so the first figure is not the compiler's.
  await arrive(new Batcher(upstream, { budget: budget(), slotWaitMs: 60_000 }), 0, 3_000);
  const batcher = new Batcher(upstream, { budget: budget(), slotWaitMs: 60_000 });
  await arrive(batcher, 0, 500);
  const few = await arrive(batcher, 500, 1_000);
  await arrive(batcher, 1_500, 10_500);
  const many = await arrive(batcher, 12_000, 1_000);
  console.log(`turns: one arriving write costs ${few.toFixed(0)} µs with 500 callers waiting, ${many.toFixed(0)} µs with 12,000`);
  expect(many / few).toBeLessThan(3);
}, 60_000);

it("takes a call from a caller's 200,000 waiting writes without moving the whole queue once per write", () => {
  const queue = new CallerQueue({ dataCenter: 'us', credential: bearerToken('t') }, 'us t');
  // Every tenth write is to one event, so each call passes some over and the queue closes up around them.
  for (let n = 0; n < 200_000; n++) queue.add(new Waiting(deleteWrite(n % 10 === 0 ? 0 : n)).in(new Turn(1, n, () => {}), 0));
  const started = performance.now();
  let taken = 0;
  for (let calls = 0; calls < 200; calls++) {
    const call = queue.take(50);
    taken += call.length;
    queue.done(call);
  }
  const each = ((performance.now() - started) / 200) * 1000;
  console.log(`caller queue: a call of 50 from 200,000 waiting writes costs ${each.toFixed(0)} µs`);
  // One move per write taken cost 13 ms a call here; one move per call, well under 1 ms.
  expect(each).toBeLessThan(3_000);
  expect(queue.waiting.length).toBe(200_000 - taken);
  // Still in the order they came.
  const deadlines = queue.waiting.slice(0, 1_000).map((waiting) => waiting.deadline);
  expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
});
