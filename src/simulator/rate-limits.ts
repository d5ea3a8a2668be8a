/** Cronofy's limits per application: 50 requests a second and 500 a minute by default. */
export interface RateLimits {
  perSecond: number;
  perMinute: number;
}

/**
 * Counts an application's requests over the last second and the last minute, as Cronofy does,
 * and refuses one past either limit: it is answered `429` and not counted. Cronofy documents no
 * `Retry-After`, so none is sent.
 *
 * ```ts
 * const limits = new ApplicationRateLimits({ perSecond: 50, perMinute: 500 });
 * if (!limits.admit(performance.now())) return send(response, 429, { error: 'too_many_requests' });
 * ```
 */
export class ApplicationRateLimits {
  /** When each request of the last minute was admitted, oldest first: at most `perMinute` of them. */
  readonly #admitted: number[] = [];

  constructor(readonly limits: RateLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`ApplicationRateLimits: ${name} must be a whole number of at least 1; got ${value}.`);
      }
    }
  }

  admit(nowMs: number): boolean {
    while (this.#admitted.length > 0 && this.#admitted[0]! <= nowMs - 60_000) this.#admitted.shift();
    let inLastSecond = 0;
    for (let i = this.#admitted.length - 1; i >= 0 && this.#admitted[i]! > nowMs - 1_000; i--) inLastSecond++;
    if (inLastSecond >= this.limits.perSecond || this.#admitted.length >= this.limits.perMinute) return false;
    this.#admitted.push(nowMs);
    return true;
  }
}
