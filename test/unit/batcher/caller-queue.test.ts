import { describe, expect, it } from 'vitest';
import { CallerQueue } from '../../../src/batcher/caller-queue.js';
import { Turn, Waiting } from '../../../src/batcher/waiting.js';
import { bearerToken } from '../../../src/cronofy/credentials.js';
import type { Write } from '../../../src/entries/write.js';

const caller = { dataCenter: 'us' as const, credential: bearerToken('t') };

/** A queue holding one write per resource given, in order; each write's deadline is its position. */
function queueOf(...resources: string[]): { queue: CallerQueue; settled: Array<unknown> } {
  const queue = new CallerQueue(caller, 'us t');
  const settled: unknown[] = [];
  resources.forEach((resource, position) => {
    const write = {
      kind: 'upsertEvent',
      entry: { method: 'POST', relative_url: `/${position}`, data: {} },
      resource,
      ids: {},
    } as unknown as Write;
    queue.add(new Waiting(write).in(new Turn(1, position, ([result]) => (settled[position] = result)), 0));
  });
  return { queue, settled };
}

const urls = (call: Waiting[]) => call.map((waiting) => waiting.write.entry.relative_url);

describe('CallerQueue', () => {
  it('takes writes in order, never two to one resource in a call, and holds back what overlaps a call in flight', () => {
    const { queue } = queueOf('event:a', 'event:b', 'event:a', 'event:c');
    const first = queue.take(50);
    expect(urls(first)).toEqual(['/0', '/1', '/3']);
    // The second write to `a` waits for the first's call to settle.
    expect(queue.ready).toBe(false);
    expect(queue.take(50)).toEqual([]);
    queue.done(first);
    expect(queue.ready).toBe(true);
    expect(urls(queue.take(50))).toEqual(['/2']);
  });

  it('lets nothing behind a held-back write overtake it on the same resource', () => {
    const { queue } = queueOf('event:a', 'event:a', 'event:b', 'event:a');
    expect(urls(queue.take(50))).toEqual(['/0', '/2']);
    const rest = queue.waiting.map((waiting) => waiting.write.entry.relative_url);
    expect(rest).toEqual(['/1', '/3']);
  });

  it('keeps a bulk delete of available periods apart from every available period, before and after it', () => {
    const { queue } = queueOf('available-period:x', 'available-period', 'available-period:y', 'event:e');
    const first = queue.take(50);
    expect(urls(first)).toEqual(['/0', '/3']);
    queue.done(first);
    const second = queue.take(50);
    expect(urls(second)).toEqual(['/1']);
    queue.done(second);
    expect(urls(queue.take(50))).toEqual(['/2']);
  });

  it('is ready whenever nothing is in flight, and only for a write clear of every call in flight otherwise', () => {
    const { queue } = queueOf('event:a', 'event:a', 'available-period', 'available-period:x');
    expect(queue.ready).toBe(true);
    const first = queue.take(50);
    expect(urls(first)).toEqual(['/0', '/2']);
    // The rest is behind the call in flight: a second write to `a`, and a period behind the bulk delete.
    expect(queue.ready).toBe(false);
    queue.done(first);
    expect(queue.ready).toBe(true);
    const second = queue.take(1);
    expect(urls(second)).toEqual(['/1']);
    expect(queue.ready).toBe(true);
    queue.add(new Waiting(second[0]!.write).in(new Turn(1, second[0]!.deadline, () => {}), 0));
    // Another write to `a` is behind the one in flight; the period still waiting is clear.
    expect(urls(queue.take(50))).toEqual(['/3']);
    expect(queue.ready).toBe(false);
    expect(queueOf().queue.ready).toBe(false);
  });

  it('holds back what overlaps a call still in flight when another call settles', () => {
    const { queue } = queueOf('event:a', 'event:b', 'event:a', 'event:b');
    const first = queue.take(1);
    const second = queue.take(1);
    expect([...urls(first), ...urls(second)]).toEqual(['/0', '/1']);
    expect(queue.ready).toBe(false);
    queue.done(first);
    const third = queue.take(50);
    expect(urls(third)).toEqual(['/2']);
    queue.done(second);
    queue.done(third);
    expect(urls(queue.take(50))).toEqual(['/3']);
  });

  it('takes at most `limit` writes', () => {
    const { queue } = queueOf(...Array.from({ length: 120 }, (_, i) => `event:${i}`));
    expect(queue.take(50)).toHaveLength(50);
    expect(queue.take(50)).toHaveLength(50);
    expect(queue.take(50)).toHaveLength(20);
    expect(queue.idle).toBe(false);
  });

  it('expires the oldest writes first, and is idle once nothing waits or flies', () => {
    const { queue } = queueOf('event:a', 'event:b', 'event:c');
    expect(queue.nextDeadline).toBe(0);
    expect(urls(queue.expire(2))).toEqual(['/0', '/1']);
    expect(queue.nextDeadline).toBe(2);
    const call = queue.take(50);
    expect(queue.idle).toBe(false);
    queue.done(call);
    expect(queue.idle).toBe(true);
    expect(queue.nextDeadline).toBe(Infinity);
  });
});
