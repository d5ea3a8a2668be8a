import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpstreamError } from '../../../src/cronofy/errors.js';
import { CircuitBreaker } from '../../../src/resilience/circuit-breaker.js';

const breaker = () => new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000 });

describe('CircuitBreaker', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('opens after failureThreshold failed calls in a row, and only for that data center', () => {
    const circuits = breaker();
    circuits.failed('us');
    circuits.failed('us');
    expect(circuits.refusal('us')).toBeUndefined();
    circuits.failed('us');
    const refusal = circuits.refusal('us');
    expect(refusal).toBeInstanceOf(UpstreamError);
    expect(refusal).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterMs: 1_000 });
    expect(refusal!.message).toBe(
      "Cronofy's us data center failed 3 calls in a row, so writes to it fail at once for now and this attempt was not sent. Try again in a few seconds.",
    );
    expect(() => circuits.admit('us')).toThrow(refusal!.message);
    expect(circuits.refusal('uk')).toBeUndefined();
    expect(() => circuits.admit('uk')).not.toThrow();
  });

  it('counts only failures in a row: an answer in between starts the count again', () => {
    const circuits = breaker();
    circuits.failed('us');
    circuits.failed('us');
    circuits.succeeded('us');
    circuits.failed('us');
    circuits.failed('us');
    expect(circuits.refusal('us')).toBeUndefined();
  });

  it('after the cooldown lets exactly one probe through; its success closes the circuit', () => {
    const circuits = breaker();
    for (let n = 0; n < 3; n++) circuits.failed('us');
    vi.advanceTimersByTime(400);
    expect(circuits.refusal('us')!.retryAfterMs).toBe(600);
    vi.advanceTimersByTime(600);
    // Asking costs nothing: the probe is taken by admit alone.
    expect(circuits.refusal('us')).toBeUndefined();
    expect(circuits.refusal('us')).toBeUndefined();
    circuits.admit('us');
    expect(() => circuits.admit('us')).toThrow(/failed 3 calls in a row/);
    circuits.succeeded('us');
    expect(() => circuits.admit('us')).not.toThrow();
    circuits.failed('us');
    expect(circuits.refusal('us')).toBeUndefined();
  });

  it('a failed probe reopens the circuit for a whole cooldown at once', () => {
    const circuits = breaker();
    for (let n = 0; n < 3; n++) circuits.failed('us');
    vi.advanceTimersByTime(1_000);
    circuits.admit('us');
    circuits.failed('us');
    expect(circuits.refusal('us')).toMatchObject({ retryAfterMs: 1_000 });
    expect(circuits.refusal('us')!.message).toContain('failed 4 calls in a row');
    vi.advanceTimersByTime(1_000);
    expect(() => circuits.admit('us')).not.toThrow();
  });
});
