import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Batcher } from '../../../src/batcher/batcher.js';
import type { BatchEntry, EntryResult } from '../../../src/cronofy/batch.js';
import { bearerToken, type Caller } from '../../../src/cronofy/credentials.js';
import { UpstreamError } from '../../../src/cronofy/errors.js';
import { familyOf, type Write } from '../../../src/entries/write.js';
import { MemoryCallBudget } from '../../../src/fleet/call-budget.js';
import type { Upstream } from '../../../src/resilience/resilient-upstream.js';

/**
 * Generated sequences of writes from two callers, to a few events, a few available periods and
 * the bulk delete of all of them, arriving over several turns of the event loop, through the real
 * Batcher, turns and budget (paced tight enough that writes wait and coalesce), and an upstream
 * that answers each call after a random delay or fails it whole. Every write must get exactly one
 * answer, its own; no two overlapping writes may share a call; and a write may reach Cronofy only
 * after every earlier overlapping write of its caller has been answered.
 */
const RESOURCES = ['event:cal_1:a', 'event:cal_1:b', 'available-period:x', 'available-period:y', 'available-period'];

const overlap = (a: string, b: string) => {
  if (a === b) return true;
  const [fa, fb] = [familyOf(a), familyOf(b)];
  return fa.family === fb.family && (fa.whole || fb.whole);
};

it('answers every write once with its own result, and keeps overlapping writes of a caller in order', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.array(fc.record({ caller: fc.integer({ min: 0, max: 1 }), resource: fc.constantFrom(...RESOURCES) }), {
          minLength: 1,
          maxLength: 6,
        }),
        { minLength: 1, maxLength: 6 },
      ),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 40, maxLength: 40 }),
      async (ticks, delays) => {
        const callers: Caller[] = [0, 1].map((n) => ({ dataCenter: 'us', credential: bearerToken(`t${n}`) }));
        let clock = 0;
        let callIndex = 0;
        const sent = new Map<number, { call: number; startedAt: number; endedAt?: number }>();
        const calls: number[][] = [];
        const upstream: Upstream = {
          async send(_caller, entries: readonly BatchEntry[]) {
            const call = callIndex++;
            const ids = entries.map((entry) => (entry.data as { n: number }).n);
            calls.push(ids);
            for (const n of ids) sent.set(n, { call, startedAt: clock++ });
            await new Promise((resolve) => setTimeout(resolve, delays[call % delays.length]!));
            for (const n of ids) sent.get(n)!.endedAt = clock++;
            if (delays[(call + 7) % delays.length] === 4) throw new UpstreamError('UPSTREAM_UNAVAILABLE', `call ${call} failed`);
            return ids.map((n): EntryResult => ({ status: 202, data: { n } }));
          },
        };
        const batcher = new Batcher(upstream, {
          budget: new MemoryCallBudget({ perSecond: 500, perMinute: 30_000 }),
          maxEntriesPerCall: 3,
          slotWaitMs: 60_000,
        });
        const writes: Array<{ caller: number; resource: string; answer?: Promise<EntryResult | Error> }> = [];
        for (const tick of ticks) {
          for (const { caller, resource } of tick) {
            const n = writes.length;
            const write: Write = {
              kind: 'deleteEvent',
              entry: { method: 'DELETE', relative_url: '/x', data: { n } },
              resource,
              ids: { calendarId: 'cal_1', eventId: String(n) },
            };
            writes.push({ caller, resource, answer: batcher.submit(callers[caller]!, write).catch((error: Error) => error) });
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
        const answers = await Promise.all(writes.map((w) => w.answer!));
        answers.forEach((answer, n) => {
          if (answer instanceof Error) expect(answer.message).toBe(`call ${sent.get(n)!.call} failed`);
          else expect(answer.data).toEqual({ n });
        });
        expect(sent.size).toBe(writes.length);
        for (const ids of calls) {
          for (const i of ids) for (const j of ids) if (i < j) expect(overlap(writes[i]!.resource, writes[j]!.resource)).toBe(false);
        }
        for (let i = 0; i < writes.length; i++) {
          for (let j = i + 1; j < writes.length; j++) {
            if (writes[i]!.caller !== writes[j]!.caller || !overlap(writes[i]!.resource, writes[j]!.resource)) continue;
            expect(
              sent.get(j)!.startedAt,
              `write ${j} (${writes[j]!.resource}) overtook write ${i} (${writes[i]!.resource})`,
            ).toBeGreaterThan(sent.get(i)!.endedAt!);
          }
        }
        expect(batcher.idle).toBe(true);
      },
    ),
    { numRuns: 150 },
  );
}, 60_000);
