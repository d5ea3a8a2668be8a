import type { DataCenterId } from '../cronofy/data-centers.js';
import { UpstreamError } from '../cronofy/errors.js';

/** Cronofy's limits per application and data center: calls in any second, and in any minute. */
export interface Rates {
  perSecond: number;
  perMinute: number;
}

/** Cronofy's defaults (../shared/reference/cronofy-api.md, "Rate limits"). */
export const CRONOFY_RATES: Rates = { perSecond: 50, perMinute: 500 };

/**
 * What Cronofy sees is when a call arrives, not when its slot was taken; a call that takes longer
 * on the way than the one after it must still find the window free. Each window is counted this
 * much longer than Cronofy's, which costs 2.5 % of the per-second budget.
 */
export const WINDOW_MARGIN_MS = 100;

/**
 * The least time between two slots: the second's window spread evenly over its calls. Paced this
 * way, a fleet sends at a steady rate instead of bursts of a second's worth, each of which would
 * leave no room for a caller that comes just after it.
 */
export function spacingOf(rates: Rates): number {
  return (1_000 + WINDOW_MARGIN_MS) / rates.perSecond;
}

/** Either the slot is taken, or it is not, and the earliest time one may be is `waitMs` away. */
export type Slot = { granted: true } | { granted: false; waitMs: number };

/**
 * The calls to Cronofy one application may make: a slot per call, in sliding windows of a second
 * and a minute, like Cronofy's own count. A 429 pauses a data center for everyone who shares the
 * budget.
 *
 * ```ts
 * const slot = await budget.take('us');
 * if (slot.granted) send(); else setTimeout(tryAgain, slot.waitMs);
 * ```
 */
export interface CallBudget {
  /** The rates it keeps to: Cronofy's, for the fleet. */
  readonly rates: Rates;
  take(dataCenter: DataCenterId): Promise<Slot>;
  /** After a 429: no slot is granted for this data center for `ms`. */
  pause(dataCenter: DataCenterId, ms: number): Promise<void>;
}

/**
 * The budget of one instance, in memory: a sliding log of the slots of the last minute per data
 * center (at most `perMinute` timestamps), so a window never holds more than its rate, at any
 * instant, not only on fixed boundaries; and slots at least `spacingOf(rates)` apart.
 */
export class MemoryCallBudget implements CallBudget {
  readonly #taken = new Map<DataCenterId, number[]>();
  readonly #pausedUntil = new Map<DataCenterId, number>();

  constructor(readonly rates: Rates = CRONOFY_RATES) {
    for (const [name, value] of Object.entries(rates)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`MemoryCallBudget: ${name} must be a whole number of at least 1; got ${value}.`);
      }
    }
  }

  async take(dataCenter: DataCenterId): Promise<Slot> {
    return this.takeNow(dataCenter, Date.now());
  }

  /** The synchronous core of `take`, at a given time. */
  takeNow(dataCenter: DataCenterId, now: number): Slot {
    const paused = (this.#pausedUntil.get(dataCenter) ?? 0) - now;
    if (paused > 0) return { granted: false, waitMs: paused };
    let taken = this.#taken.get(dataCenter);
    if (!taken) this.#taken.set(dataCenter, (taken = []));
    const minute = 60_000 + WINDOW_MARGIN_MS;
    const second = 1_000 + WINDOW_MARGIN_MS;
    let expired = 0;
    while (expired < taken.length && taken[expired]! <= now - minute) expired++;
    if (expired > 0) taken.splice(0, expired);
    const last = taken.at(-1);
    // The slot's time: the last one's plus the spacing, or now. Date.now() counts whole
    // milliseconds, so one less than a millisecond ahead is now: at rates over 1,100 a second
    // several slots share a millisecond, and the rate is not capped at one call a millisecond.
    const at = last === undefined ? now : Math.max(now, last + spacingOf(this.rates));
    const wait = Math.max(
      at - now < 1 ? 0 : at - now,
      windowWait(taken, now, second, this.rates.perSecond),
      windowWait(taken, now, minute, this.rates.perMinute),
    );
    if (wait > 0) return { granted: false, waitMs: wait };
    taken.push(at);
    return { granted: true };
  }

  /**
   * Counts a slot taken elsewhere (from the shared budget, while Redis was usable) at `time`, so
   * that the windows this budget keeps include it: a fallback that starts after a busy minute
   * does not spend that minute again.
   */
  record(dataCenter: DataCenterId, time: number): void {
    let taken = this.#taken.get(dataCenter);
    if (!taken) this.#taken.set(dataCenter, (taken = []));
    let at = taken.length;
    while (at > 0 && taken[at - 1]! > time) at--;
    taken.splice(at, 0, time);
    // Only the last perMinute slots can hold a window full; older ones never decide a wait.
    if (taken.length > this.rates.perMinute) taken.splice(0, taken.length - this.rates.perMinute);
  }

  async pause(dataCenter: DataCenterId, ms: number): Promise<void> {
    const until = Date.now() + ms;
    if (until > (this.#pausedUntil.get(dataCenter) ?? 0)) this.#pausedUntil.set(dataCenter, until);
  }
}

/**
 * How long until `taken` (ascending) holds fewer than `limit` slots in the window of `windowMs`
 * ending at `now`: 0 when it already does.
 */
function windowWait(taken: readonly number[], now: number, windowMs: number, limit: number): number {
  if (taken.length < limit) return 0;
  // The slot that must leave the window before a new one fits in it.
  const leaving = taken[taken.length - limit]!;
  return Math.max(0, leaving + windowMs - now + 1);
}

/**
 * Waits for a slot of `budget`, at most `maxWaitMs`; past that, rejects with RATE_LIMITED. For
 * requests to Cronofy that are not batch calls but count against the same limits (a token refresh).
 *
 * ```ts
 * await takeSlot(budget, 'us', 10_000);
 * await client.refreshToken(grant, 'us');
 * ```
 */
export async function takeSlot(budget: CallBudget, dataCenter: DataCenterId, maxWaitMs: number): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const slot = await budget.take(dataCenter);
    if (slot.granted) return;
    if (Date.now() + slot.waitMs > deadline) {
      const seconds = Math.max(1, Math.ceil(slot.waitMs / 1000));
      throw new UpstreamError(
        'RATE_LIMITED',
        `Cronofy's call budget for this application has no slot to refresh the server's access token within ${maxWaitMs} ms. Try again in ${seconds} s.`,
        { status: 429, retryAfterMs: seconds * 1000 },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
  }
}
