import { expect, it } from 'vitest';
import { Batcher } from '../../../src/batcher/batcher.js';
import type { EntryResult } from '../../../src/cronofy/batch.js';
import { bearerToken, type Caller } from '../../../src/cronofy/credentials.js';
import { UpstreamError } from '../../../src/cronofy/errors.js';
import type { CallBudget } from '../../../src/fleet/call-budget.js';
import type { Upstream } from '../../../src/resilience/resilient-upstream.js';
import { deleteWrite } from '../../support/writes.js';

/**
 * Taking turns counts the writes waiting in callers' queues, and each write knows whether it is
 * still waiting in one: the loop ends when none is, and deadlines and expiry concern those alone,
 * never writes already in a call.
 */
const callers: Caller[] = [0, 1].map((n) => ({ dataCenter: 'us', credential: bearerToken(`t${n}`) }));
const accepted: Upstream = { send: async (_caller, entries) => entries.map((): EntryResult => ({ status: 202 })) };
const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
const outcome = (promise: Promise<{ status: number }>) =>
  promise.then(
    (answer) => answer.status,
    (error: unknown) => (error instanceof UpstreamError ? error.code : String(error)),
  );

it('stops taking turns once every write is answered, leaving no timer to keep the process up', async () => {
  const before = timers();
  const batcher = new Batcher(accepted);
  const all = Array.from({ length: 120 }, (_, n) => outcome(batcher.submit(callers[n % 2]!, deleteWrite(n))));
  expect(new Set(await Promise.all(all))).toEqual(new Set([202]));
  await new Promise((resolve) => setImmediate(resolve));
  expect(batcher.idle).toBe(true);
  expect(timers()).toBe(before);
});

it('expires a write held behind a call in flight at its own deadline, and reports only the writes it refused', async () => {
  let answer!: (results: EntryResult[]) => void;
  const slow: Upstream = { send: () => new Promise((resolve) => (answer = resolve)) };
  const noSlot: number[] = [];
  const batcher = new Batcher(slow, { slotWaitMs: 100, onNoSlot: ({ writes }) => noSlot.push(writes) });
  const first = outcome(batcher.submit(callers[0]!, deleteWrite(1)));
  await new Promise((resolve) => setTimeout(resolve, 30));
  // To the same event: it waits for the first write's call, which outlives both deadlines.
  const second = outcome(batcher.submit(callers[0]!, deleteWrite(1)));
  expect(await second).toBe('RATE_LIMITED');
  expect(noSlot).toEqual([1]);
  answer([{ status: 202 }]);
  expect(await first).toBe(202);
  expect(noSlot).toEqual([1]);
});

it('when the budget has no slot, answers the writes still waiting that it could not carry in time, and counts none already in a call', async () => {
  let answer!: (results: EntryResult[]) => void;
  const slow: Upstream = { send: () => new Promise((resolve) => (answer = resolve)) };
  let slots = 0;
  // The first call's slot, then none for longer than any write may wait.
  const budget: CallBudget = {
    rates: { perSecond: 1_000, perMinute: 60_000 },
    take: async () => (slots++ === 0 ? { granted: true } : { granted: false, waitMs: 500 }),
    pause: async () => {},
  };
  const noSlot: number[] = [];
  const batcher = new Batcher(slow, { budget, slotWaitMs: 100, onNoSlot: ({ writes }) => noSlot.push(writes) });
  const first = outcome(batcher.submit(callers[0]!, deleteWrite(1)));
  await new Promise((resolve) => setTimeout(resolve, 30));
  // Another caller's write: the budget's wait outlasts its deadline, and the first write's too, which is in a call.
  expect(await outcome(batcher.submit(callers[1]!, deleteWrite(2)))).toBe('RATE_LIMITED');
  expect(noSlot).toEqual([1]);
  answer([{ status: 202 }]);
  expect(await first).toBe(202);
});
