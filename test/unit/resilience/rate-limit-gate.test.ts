import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryCallBudget, spacingOf } from '../../../src/fleet/call-budget.js';
import { RateLimitGate, STALE_SLOT_MS } from '../../../src/resilience/rate-limit-gate.js';

const RATES = { perSecond: 5, perMinute: 100 };
/** A back-off of 100 ms per retry, so a test can tell it from a Retry-After. */
const gateOf = (budget = new MemoryCallBudget(RATES)) => new RateLimitGate(budget, (retry) => 100 * (retry + 1));

describe('RateLimitGate', () => {
  beforeEach(() => vi.useFakeTimers({ now: 10_000 }));
  afterEach(() => vi.useRealTimers());

  it('grants a slot when the budget has one, and says when it was asked for', async () => {
    const gate = gateOf();
    expect(await gate.take('us', Date.now() + 1_000)).toEqual({ kind: 'taken', at: 10_000 });
  });

  it("makes the next attempt wait the budget's spacing, or gives up when that is past the deadline", async () => {
    const gate = gateOf();
    await gate.take('us', Infinity);
    const spacing = spacingOf(RATES);
    expect(await gate.take('us', Date.now() + spacing)).toEqual({ kind: 'wait', waitMs: spacing });
    expect(await gate.take('us', Date.now() + spacing - 1)).toEqual({ kind: 'late', waitMs: spacing });
  });

  it("pauses the data center for as long as Cronofy's Retry-After asked, for everyone sharing the budget", async () => {
    const budget = new MemoryCallBudget(RATES);
    const gate = gateOf(budget);
    expect(await gate.pause('us', 2_000, 0)).toBe(2_000);
    // Another call, through another gate of the same budget, meets the pause too.
    expect(await gateOf(budget).take('us', Infinity)).toEqual({ kind: 'wait', waitMs: 2_000 });
    expect(await gate.take('uk', Infinity)).toMatchObject({ kind: 'taken' });
    vi.advanceTimersByTime(2_000);
    expect(await gate.take('us', Infinity)).toMatchObject({ kind: 'taken' });
  });

  it('pauses for the back-off of the retry when Cronofy did not say how long, and a Retry-After of 0 for nothing', async () => {
    const gate = gateOf();
    expect(await gate.pause('us', undefined, 2)).toBe(300);
    expect(await gate.take('us', Infinity)).toEqual({ kind: 'wait', waitMs: 300 });
    expect(await gate.pause('uk', 0, 2)).toBe(0);
    expect(await gate.take('uk', Infinity)).toMatchObject({ kind: 'taken' });
  });

  it('tells the call span what paused it', async () => {
    const paused = vi.fn();
    const trace = { paused } as unknown as Parameters<RateLimitGate['pause']>[3];
    await gateOf().pause('us', 1_500, 0, trace);
    await gateOf().pause('us', undefined, 0, trace);
    expect(paused.mock.calls).toEqual([
      [1_500, 'retry-after'],
      [100, 'backoff'],
    ]);
  });

  it('counts a slot stale once it is older than STALE_SLOT_MS', () => {
    const gate = gateOf();
    const takenAt = Date.now();
    vi.advanceTimersByTime(STALE_SLOT_MS);
    expect(gate.isStale(takenAt)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(gate.isStale(takenAt)).toBe(true);
  });
});
