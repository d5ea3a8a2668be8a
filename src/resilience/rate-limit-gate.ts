import type { DataCenterId } from '../cronofy/data-centers.js';

/**
 * Cronofy's rate limit is per application (50 requests/s, 500/min), so a 429 to any call means
 * every call to that data center would get one too: after a 429 all dispatches to that data
 * center wait until the pause is over, not only the call that got it.
 */
export class RateLimitGate {
  readonly #pausedUntil = new Map<DataCenterId, number>();

  pause(dataCenter: DataCenterId, ms: number): void {
    const until = Date.now() + ms;
    if (until > (this.#pausedUntil.get(dataCenter) ?? 0)) this.#pausedUntil.set(dataCenter, until);
  }

  /** Milliseconds until calls to this data center may go again; 0 when they may go now. */
  remaining(dataCenter: DataCenterId): number {
    const until = this.#pausedUntil.get(dataCenter);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left > 0) return left;
    this.#pausedUntil.delete(dataCenter);
    return 0;
  }
}
