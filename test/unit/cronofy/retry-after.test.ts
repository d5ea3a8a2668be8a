import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/cronofy/retry-after.js';
import { backoffDelay } from '../../../src/resilience/backoff.js';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-29T10:00:00Z');
  it.each([
    ['120', 120_000],
    ['1.5', 1_500],
    ['0', 0],
    ['Sun, 29 Nov 2026 10:00:30 GMT', 30_000],
    ['Sun, 29 Nov 2026 09:00:00 GMT', 0],
    [['2'], 2_000],
  ])('%o → %i ms', (value, ms) => expect(parseRetryAfter(value, now)).toBe(ms));

  it.each([undefined, '', 'soon', '-3', {}])('%o is not a wait: the caller backs off on its own', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('back-off', () => {
  it('doubles per retry, stays within its cap, and is never near zero', () => {
    const options = { baseMs: 200, maxMs: 1_000 };
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, options, () => 0))).toEqual([100, 200, 400, 500]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, options, () => 1))).toEqual([200, 400, 800, 1_000]);
  });
});
