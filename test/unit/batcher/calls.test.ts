import { describe, expect, it } from 'vitest';
import { planCalls } from '../../../src/batcher/calls.js';

const distinct = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);

describe('planCalls', () => {
  it.each([0, 1, 49, 50, 51, 100, 101, 250])('puts %i distinct writes in ceil(n/50) calls, in order', (n) => {
    const calls = planCalls(distinct(n), 50);
    expect(calls).toHaveLength(Math.ceil(n / 50));
    expect(calls.flat()).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(calls.every((c) => c.length <= 50)).toBe(true);
  });

  it('never puts two writes to one resource in the same call, and keeps their order', () => {
    expect(planCalls(['a', 'b', 'a', 'c', 'a'], 50)).toEqual([[0, 1, 3], [2], [4]]);
  });

  it('lets other writes fill earlier calls while a repeated resource waits for the next', () => {
    expect(planCalls(['a', 'a', 'b', 'c'], 2)).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('puts a write to a whole family after every earlier write to one of its members, and every later one after it', () => {
    const all = 'available-period';
    expect(planCalls(['available-period:a', 'event:c:1', all, 'available-period:b', 'event:c:2', all, all], 50)).toEqual([
      [0, 1, 4],
      [2],
      [3],
      [5],
      [6],
    ]);
  });

  it('lets a whole family share a call with writes outside it, and waits only for the latest member', () => {
    expect(planCalls(['available-period:a', 'available-period:a', 'event:c:1', 'available-period', 'external:c:1'], 50)).toEqual([
      [0, 2, 4],
      [1],
      [3],
    ]);
  });
});

describe('planCalls contract', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %s with a message that says what it takes', (limit) => {
    expect(() => planCalls(['a'], limit)).toThrow(/limit must be a whole number of at least 1/);
  });
});
