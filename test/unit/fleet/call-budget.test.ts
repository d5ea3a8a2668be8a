import { describe, expect, it } from 'vitest';
import { MemoryCallBudget, spacingOf, WINDOW_MARGIN_MS } from '../../../src/fleet/call-budget.js';

const SECOND = 1_000 + WINDOW_MARGIN_MS;
const MINUTE = 60_000 + WINDOW_MARGIN_MS;

describe('MemoryCallBudget', () => {
  it('grants perSecond slots in any second, paced evenly, then says how long until one is free', () => {
    const budget = new MemoryCallBudget({ perSecond: 4, perMinute: 100 });
    const spacing = spacingOf(budget.rates);
    expect(spacing).toBe(Math.ceil(SECOND / 4));
    expect(budget.takeNow('us', 0)).toEqual({ granted: true });
    // Too soon after the last: the rest of the spacing.
    expect(budget.takeNow('us', 10)).toEqual({ granted: false, waitMs: spacing - 10 });
    expect([spacing, 2 * spacing, 3 * spacing].map((t) => budget.takeNow('us', t))).toEqual(Array(3).fill({ granted: true }));
    // Four in the second: the fifth waits for the first to leave it (sliding, not a fixed window).
    expect(budget.takeNow('us', 4 * spacing - 5)).toMatchObject({ granted: false });
    expect(budget.takeNow('us', SECOND + 1)).toEqual({ granted: true });
  });

  it('grants several slots in one millisecond at rates over 1,100 a second, up to the rate, not one a millisecond', () => {
    const budget = new MemoryCallBudget({ perSecond: 5_000, perMinute: 300_000 });
    expect(spacingOf(budget.rates)).toBeCloseTo(0.22);
    // Slots at 0, 0.22, 0.44, 0.66 and 0.88 ms: five in the first millisecond.
    const inFirstMs: boolean[] = [];
    for (let slot = budget.takeNow('us', 0); slot.granted; slot = budget.takeNow('us', 0)) inFirstMs.push(slot.granted);
    expect(inFirstMs).toHaveLength(5);
    // Every millisecond of the second, as many as fit: the second's window holds exactly perSecond.
    let granted = inFirstMs.length;
    for (let now = 1; now < SECOND; now++) while (budget.takeNow('us', now).granted) granted++;
    expect(granted).toBe(5_000);
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
    expect(budget.takeNow('de', 1)).toMatchObject({ granted: false });
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
