import { expect, it } from 'vitest';
import { Batcher } from '../../../src/batcher/batcher.js';
import type { EntryResult } from '../../../src/cronofy/batch.js';
import { bearerToken, type Caller } from '../../../src/cronofy/credentials.js';
import { UpstreamError } from '../../../src/cronofy/errors.js';
import { MemoryCallBudget, spacingOf } from '../../../src/fleet/call-budget.js';
import type { Upstream } from '../../../src/resilience/resilient-upstream.js';
import { deleteWrite } from '../../support/writes.js';

/**
 * A turn's writes are admitted together, but each one counts the calls ahead of it, the turn's
 * earlier writes included: a caller that sends more in one turn than the budget can carry within
 * CRONOFY_SLOT_WAIT_MS has the excess refused at once (RATE_LIMITED, unsent), not held for the
 * whole wait.
 */
const caller: Caller = { dataCenter: 'us', credential: bearerToken('t') };

it('answers at once the writes of one turn that come after all the calls the budget can send within the wait', async () => {
  const rates = { perSecond: 10, perMinute: 600 };
  const slotWaitMs = 2_000;
  const upstream: Upstream = { send: async (_caller, entries) => entries.map((): EntryResult => ({ status: 202 })) };
  let noSlot = 0;
  const batcher = new Batcher(upstream, { budget: new MemoryCallBudget(rates), slotWaitMs, onNoSlot: ({ writes }) => (noSlot += writes) });
  // The first write of the call that could not have its slot within the wait, even at the budget's pace.
  const firstRefused = 50 * (Math.floor(slotWaitMs / spacingOf(rates)) + 1);
  const answers: Array<number | string | undefined> = [];
  const all = Array.from({ length: firstRefused + 50 }, (_, n) =>
    batcher.submit(caller, deleteWrite(n)).then(
      (answer) => (answers[n] = answer.status),
      (error: unknown) => (answers[n] = error instanceof UpstreamError ? error.code : String(error)),
    ),
  );
  // A turn's writes are answered together, so the refusal shows first in the count of writes refused.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(noSlot).toBe(50);
  await Promise.all(all);
  expect(answers.slice(firstRefused)).toEqual(Array.from({ length: 50 }, () => 'RATE_LIMITED'));
  expect(answers.slice(0, 50)).toEqual(Array.from({ length: 50 }, () => 202));
}, 10_000);
