import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CallEvent } from '../batcher/batcher.js';
import type { AttemptEvent } from '../resilience/resilient-upstream.js';

/**
 * The layer's own Prometheus collectors, next to the GraphQL ones of `useMetrics`. Every label has
 * a bounded set of values: data center, an error code, an HTTP status. Never a token or an id.
 *
 * ```ts
 * const metrics = new UpstreamMetrics(registry);
 * new ResilientUpstream(client, policy, { budget, onAttempt: (attempt) => metrics.attempt(attempt) });
 * new Batcher(upstream, { budget, onCall: (call) => metrics.call(call) });
 * ```
 */
export class UpstreamMetrics {
  readonly #requests: Counter<'data_center' | 'outcome'>;
  readonly #duration: Histogram<'data_center' | 'outcome'>;
  readonly #statuses: Counter<'data_center' | 'status'>;
  readonly #retries: Counter<'data_center'>;
  readonly #entries: Histogram<'data_center'>;
  readonly #operations: Histogram<'data_center'>;
  readonly #noSlot: Counter<'data_center'>;
  readonly #registry: Registry;

  constructor(registry: Registry) {
    this.#registry = registry;
    const registers = [registry];
    this.#requests = new Counter({
      name: 'cronofy_upstream_requests_total',
      help: 'HTTP requests to POST /v1/batch, retries included; outcome is "answered" or the error code every field of the call got.',
      labelNames: ['data_center', 'outcome'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'cronofy_upstream_request_duration_seconds',
      help: 'Time of one HTTP request to POST /v1/batch, from sending to the last byte of the answer.',
      labelNames: ['data_center', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
      registers,
    });
    this.#statuses = new Counter({
      name: 'cronofy_upstream_entry_statuses_total',
      help: 'Entry statuses in answered batch calls (202, 404, 422, 429, 5xx, ...).',
      labelNames: ['data_center', 'status'],
      registers,
    });
    this.#retries = new Counter({
      name: 'cronofy_upstream_retries_total',
      help: 'HTTP requests that were a retry of a call (whole-call faults and per-entry 429/5xx).',
      labelNames: ['data_center'],
      registers,
    });
    this.#entries = new Histogram({
      name: 'cronofy_batch_call_entries',
      help: 'Entries per batch call as the batcher made it (at most 50); _count is the number of calls.',
      labelNames: ['data_center'],
      buckets: [1, 2, 5, 10, 20, 30, 40, 50],
      registers,
    });
    this.#operations = new Histogram({
      name: 'cronofy_batch_call_operations',
      help: 'GraphQL operations whose writes were coalesced into one batch call.',
      labelNames: ['data_center'],
      buckets: [1, 2, 3, 5, 10, 20, 50],
      registers,
    });
    this.#noSlot = new Counter({
      name: 'cronofy_writes_without_slot_total',
      help: 'Writes answered RATE_LIMITED without being sent: the call budget had no slot for them within CRONOFY_SLOT_WAIT_MS.',
      labelNames: ['data_center'],
      registers,
    });
  }

  /** Writes the call budget had no slot for (`Batcher`'s `onNoSlot`). */
  noSlot(event: { dataCenter: string; writes: number }): void {
    this.#noSlot.inc({ data_center: event.dataCenter }, event.writes);
  }

  /** With REDIS_URL: 1 while the fleet's Redis is usable (the budget is shared), 0 while this instance keeps to its fallback share. */
  sharedBudget(usable: () => boolean): void {
    new Gauge({
      name: 'cronofy_call_budget_shared',
      help: "1 while the fleet's Redis is usable and the call budget is shared; 0 while this instance keeps to 1/FLEET_SIZE_HINT of the rates.",
      registers: [this.#registry],
      collect() {
        this.set(usable() ? 1 : 0);
      },
    });
  }

  /** One HTTP attempt (`ResilientUpstream`'s `onAttempt`). */
  attempt(event: AttemptEvent): void {
    const outcome = event.error?.code ?? 'answered';
    this.#requests.inc({ data_center: event.dataCenter, outcome });
    this.#duration.observe({ data_center: event.dataCenter, outcome }, event.durationMs / 1000);
    if (event.retry > 0) this.#retries.inc({ data_center: event.dataCenter });
    // Counted per distinct status first: a 50-entry call is one or two increments, not fifty.
    const counts = new Map<number, number>();
    for (const status of event.statuses ?? []) counts.set(status, (counts.get(status) ?? 0) + 1);
    for (const [status, count] of counts) this.#statuses.inc({ data_center: event.dataCenter, status: String(status) }, count);
  }

  /** One call planned by the batcher (`Batcher`'s `onCall`). */
  call(event: CallEvent): void {
    this.#entries.observe({ data_center: event.dataCenter }, event.entries);
    this.#operations.observe({ data_center: event.dataCenter }, event.operations);
  }
}
