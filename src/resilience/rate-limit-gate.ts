import type { DataCenterId } from '../cronofy/data-centers.js';
import { type CallBudget, WINDOW_MARGIN_MS } from '../fleet/call-budget.js';
import type { CallTrace } from '../observability/call-trace.js';

/**
 * How late after its slot an attempt may still leave: half the margin the budget counts its
 * windows with (WINDOW_MARGIN_MS), the other half being for the way to Cronofy.
 */
export const STALE_SLOT_MS = WINDOW_MARGIN_MS / 2;

/** A slot for one attempt: taken (asked for `at`), or not yet, `waitMs` away, within the call's deadline or past it. */
export type GateSlot = { kind: 'taken'; at: number } | { kind: 'wait'; waitMs: number } | { kind: 'late'; waitMs: number };

/**
 * Cronofy's rate limit as one call meets it. Every attempt takes a slot of the call budget first
 * (`take`); a 429 pauses the data center's budget for everyone who shares it (`pause`), for as long
 * as Cronofy asked (`Retry-After`), else for a back-off. A slot granted long before its attempt
 * leaves is stale (`isStale`): the budget counted it when it granted it, and the call could reach
 * Cronofy in a second the budget has filled since.
 *
 * ```ts
 * const gate = new RateLimitGate(budget, (retry) => backoffDelay(retry, { baseMs: 200, maxMs: 5_000 }));
 * const slot = await gate.take('us', deadline); // then send, wait slot.waitMs, or give up
 * await gate.pause('us', error.retryAfterMs, retries); // after a 429
 * ```
 */
export class RateLimitGate {
  constructor(
    readonly budget: CallBudget,
    /** The back-off before retry number `retry` (0 for the first), when Cronofy did not say how long to wait. */
    private readonly backoff: (retry: number) => number,
  ) {}

  async take(dataCenter: DataCenterId, deadline: number): Promise<GateSlot> {
    const at = Date.now();
    const slot = await this.budget.take(dataCenter);
    if (slot.granted) return { kind: 'taken', at };
    return Date.now() + slot.waitMs > deadline ? { kind: 'late', waitMs: slot.waitMs } : { kind: 'wait', waitMs: slot.waitMs };
  }

  /**
   * After a 429 answered retry number `retry`: pauses the data center for `retryAfterMs`, or a
   * back-off when Cronofy did not say; resolves with the pause.
   */
  async pause(dataCenter: DataCenterId, retryAfterMs: number | undefined, retry: number, trace?: CallTrace): Promise<number> {
    const pausedMs = retryAfterMs ?? this.backoff(retry);
    trace?.paused(pausedMs, retryAfterMs === undefined ? 'backoff' : 'retry-after');
    await this.budget.pause(dataCenter, pausedMs);
    return pausedMs;
  }

  /** A slot asked for at `takenAt` is too old to leave with now. */
  isStale(takenAt: number): boolean {
    return Date.now() - takenAt > STALE_SLOT_MS;
  }
}
