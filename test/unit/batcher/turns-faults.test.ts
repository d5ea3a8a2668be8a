import { afterEach, describe, expect, it } from 'vitest';
import { Batcher } from '../../../src/batcher/batcher.js';
import type { EntryResult } from '../../../src/cronofy/batch.js';
import { bearerToken, type Caller } from '../../../src/cronofy/credentials.js';
import { UpstreamError } from '../../../src/cronofy/errors.js';
import type { Write } from '../../../src/entries/write.js';
import { type CallBudget, MemoryCallBudget } from '../../../src/fleet/call-budget.js';
import type { Upstream } from '../../../src/resilience/resilient-upstream.js';

/**
 * Faults the real budget and upstream do not have today, but any change might bring: a budget
 * that throws, a credential that cannot give a token while Cronofy's refusal of it is remembered,
 * an upstream that throws instead of rejecting. Taking turns must answer the writes concerned,
 * keep serving the others, and neither spin nor leave an unhandled rejection (which ends a Node
 * process).
 */
const caller: Caller = { dataCenter: 'us', credential: bearerToken('t') };

function write(resource: string): Write {
  return {
    kind: 'deleteEvent',
    entry: { method: 'DELETE', relative_url: '/v1/calendars/cal_1/events', data: { event_id: resource } },
    resource: `event:cal_1:${resource}`,
    ids: { calendarId: 'cal_1', eventId: resource },
  };
}

const accepted: Upstream = { send: async (_caller, entries) => entries.map((): EntryResult => ({ status: 202 })) };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterEach(() => {
  unhandled.length = 0;
});

/** What `promise` settled with, or 'pending' after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | Error | 'pending'> {
  return Promise.race([
    promise.catch((error: Error) => error),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms)),
  ]);
}

describe('taking turns, when a part it calls fails', () => {
  it('a budget that throws: the write is answered with the fault at once, without spinning, and the next write still goes', async () => {
    let takes = 0;
    let broken = true;
    const memory = new MemoryCallBudget({ perSecond: 1_000, perMinute: 60_000 });
    const budget: CallBudget = {
      rates: memory.rates,
      take: async (dataCenter) => {
        takes++;
        if (broken) throw new Error('the budget is broken');
        return memory.take(dataCenter);
      },
      pause: async () => {},
    };
    const batcher = new Batcher(accepted, { budget, slotWaitMs: 2_000 });
    const answer = await within(batcher.submit(caller, write('a')), 500);
    expect(answer).toBeInstanceOf(Error);
    expect((answer as Error).message).toBe('the budget is broken');
    expect(takes).toBeLessThan(10);
    broken = false;
    expect(await within(batcher.submit(caller, write('b')), 500)).toEqual({ status: 202 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  it("a credential that cannot give a token while its refusal is remembered: its writes get that error, others' go on", async () => {
    const failing: Caller = {
      dataCenter: 'us',
      credential: { id: 'server-held', accessToken: () => Promise.reject(new Error('no token')), refresh: async () => null },
    };
    const upstream: Upstream = {
      ...accepted,
      // As ResilientUpstream's: asks the credential for its token while a refusal is held.
      refusalOf: async (who) => {
        if (who === failing) await who.credential.accessToken();
        return undefined;
      },
    };
    const batcher = new Batcher(upstream, { budget: new MemoryCallBudget({ perSecond: 1_000, perMinute: 60_000 }), slotWaitMs: 2_000 });
    const [refused, other] = await Promise.all([
      within(batcher.submit(failing, write('a')), 500),
      within(batcher.submit(caller, write('b')), 500),
    ]);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toBe('no token');
    expect(other).toEqual({ status: 202 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  it('an upstream that throws instead of rejecting: the call is answered, and the next write to the same event is not held for ever', async () => {
    let calls = 0;
    const upstream: Upstream = {
      send: (_caller, entries) => {
        if (calls++ === 0) throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'thrown, not rejected');
        return Promise.resolve(entries.map((): EntryResult => ({ status: 202 })));
      },
    };
    const batcher = new Batcher(upstream, { budget: new MemoryCallBudget({ perSecond: 1_000, perMinute: 60_000 }), slotWaitMs: 2_000 });
    const first = await within(batcher.submit(caller, write('a')), 500);
    expect(first).toBeInstanceOf(UpstreamError);
    expect(await within(batcher.submit(caller, write('a')), 500)).toEqual({ status: 202 });
    expect(batcher.idle).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
