import type { DataCenterId } from '../cronofy/data-centers.js';
import { UpstreamError } from '../cronofy/errors.js';

export interface CircuitBreakerOptions {
  /** Consecutive failed calls (5xx, network, timeout) to a data center that open its circuit. */
  failureThreshold: number;
  /** How long an open circuit fails calls at once before one probe call is let through. */
  cooldownMs: number;
}

interface Circuit {
  failures: number;
  openedAt: number | undefined;
  probing: boolean;
}

/**
 * When a data center keeps failing, waiting out timeouts and retries for every write only makes
 * callers slower: after `failureThreshold` failed calls in a row its circuit opens and calls fail
 * at once with UPSTREAM_UNAVAILABLE; after `cooldownMs` one probe call goes through (half-open),
 * and its outcome closes or reopens the circuit.
 *
 * ```ts
 * breaker.admit('us');            // throws while the circuit is open
 * try { await call(); breaker.succeeded('us'); } catch { breaker.failed('us'); }
 * ```
 */
export class CircuitBreaker {
  readonly #circuits = new Map<DataCenterId, Circuit>();

  constructor(private readonly options: CircuitBreakerOptions) {}

  admit(dataCenter: DataCenterId): void {
    const refusal = this.refusal(dataCenter);
    if (refusal) throw refusal;
    const circuit = this.#circuits.get(dataCenter);
    if (circuit?.openedAt !== undefined) circuit.probing = true;
  }

  /**
   * The error `admit` would throw now, without taking the probe: asked before a call takes a
   * slot of the call budget, so a circuit that fails calls at once spends none.
   */
  refusal(dataCenter: DataCenterId): UpstreamError | undefined {
    const circuit = this.#circuits.get(dataCenter);
    if (circuit?.openedAt === undefined) return undefined;
    const waitMs = circuit.openedAt + this.options.cooldownMs - Date.now();
    if (waitMs <= 0 && !circuit.probing) return undefined;
    return new UpstreamError(
      'UPSTREAM_UNAVAILABLE',
      `Cronofy's ${dataCenter} data center failed ${circuit.failures} calls in a row, so writes to it fail at once for now and this attempt was not sent. Try again in a few seconds.`,
      { retryAfterMs: Math.max(waitMs, 0) },
    );
  }

  /** The call reached Cronofy and had an answer (any answer that is not a fault of Cronofy's). */
  succeeded(dataCenter: DataCenterId): void {
    this.#circuits.delete(dataCenter);
  }

  failed(dataCenter: DataCenterId): void {
    const circuit = this.#circuits.get(dataCenter) ?? { failures: 0, openedAt: undefined, probing: false };
    circuit.failures++;
    if (circuit.probing || circuit.failures >= this.options.failureThreshold) {
      circuit.openedAt = Date.now();
      circuit.probing = false;
    }
    this.#circuits.set(dataCenter, circuit);
  }
}
