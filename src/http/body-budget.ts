/**
 * The bytes of request bodies being read at once, all requests together: `useBodyLimit` and the
 * trusted lane charge every chunk they hold to one budget, so a body read by either counts
 * against the same `MAX_BODIES_IN_FLIGHT_BYTES`.
 *
 * ```ts
 * const bodies = new BodyBudget(64 << 20);
 * if (!bodies.take(chunk.byteLength)) refuse503();
 * // … once the body is parsed:
 * bodies.release(charged);
 * ```
 */
export class BodyBudget {
  #inFlight = 0;

  constructor(readonly maxBytesInFlight: number) {}

  /** Charges `bytes`; false when they do not fit (they are charged anyway: release what you took). */
  take(bytes: number): boolean {
    this.#inFlight += bytes;
    return this.#inFlight <= this.maxBytesInFlight;
  }

  release(bytes: number): void {
    this.#inFlight -= bytes;
  }

  get inFlight(): number {
    return this.#inFlight;
  }
}
