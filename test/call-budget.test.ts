import { describe, expect, it } from 'vitest';
import { MemoryCallBudget, WINDOW_MARGIN_MS } from '../src/fleet/call-budget.js';

const SECOND = 1_000 + WINDOW_MARGIN_MS;
const MINUTE = 60_000 + WINDOW_MARGIN_MS;

describe('MemoryCallBudget', () => {
  it('grants perSecond slots in any second, then says how long until the oldest leaves it', () => {
    const budget = new MemoryCallBudget({ perSecond: 3, perMinute: 100 });
    expect([0, 10, 20].map((t) => budget.takeNow('us', t))).toEqual(Array(3).fill({ granted: true }));
    expect(budget.takeNow('us', 500)).toEqual({ granted: false, waitMs: SECOND - 500 + 1 });
    // Sliding, not fixed: a slot frees as soon as the one taken a window ago leaves.
    expect(budget.takeNow('us', SECOND + 1)).toEqual({ granted: true });
    expect(budget.takeNow('us', SECOND + 2)).toEqual({ granted: false, waitMs: 10 + SECOND - (SECOND + 2) + 1 });
  });

  it('grants perMinute slots in any minute, however they are spread', () => {
    const budget = new MemoryCallBudget({ perSecond: 50, perMinute: 4 });
    for (const t of [0, 15_000, 30_000, 45_000]) expect(budget.takeNow('us', t)).toEqual({ granted: true });
    expect(budget.takeNow('us', 50_000)).toEqual({ granted: false, waitMs: MINUTE - 50_000 + 1 });
    expect(budget.takeNow('us', MINUTE + 1)).toEqual({ granted: true });
  });

  it('keeps data centers apart: each has Cronofy limits of its own', () => {
    const budget = new MemoryCallBudget({ perSecond: 1, perMinute: 10 });
    expect(budget.takeNow('us', 0)).toEqual({ granted: true });
    expect(budget.takeNow('de', 0)).toEqual({ granted: true });
    expect(budget.takeNow('us', 1)).toMatchObject({ granted: false });
  });

  it('grants nothing to a data center while a 429 pauses it', async () => {
    const budget = new MemoryCallBudget({ perSecond: 50, perMinute: 500 });
    await budget.pause('us', 60_000);
    expect(await budget.take('us')).toMatchObject({ granted: false, waitMs: expect.any(Number) });
    const slot = await budget.take('us');
    expect(slot.granted ? 0 : slot.waitMs).toBeGreaterThan(59_000);
    expect(await budget.take('de')).toEqual({ granted: true });
  });

  it('refuses rates that are not whole numbers of at least 1, naming the one', () => {
    expect(() => new MemoryCallBudget({ perSecond: 50, perMinute: 0.5 })).toThrow(
      'MemoryCallBudget: perMinute must be a whole number of at least 1; got 0.5.',
    );
  });
});
