import { type Link, type Span, SpanKind } from '@opentelemetry/api';
import type { EntryResult } from '../cronofy/batch.js';
import { DATA_CENTERS, type DataCenterId } from '../cronofy/data-centers.js';
import type { AttemptEvent } from '../resilience/resilient-upstream.js';
import { failed, tracer, type WriteTrace } from './tracing.js';

/**
 * The span of one Cronofy batch call (`cronofy.batch`), from the moment its slot is granted to
 * its last answer, with every HTTP attempt, retry and wait it took. The batcher starts and ends
 * it; the resilience layer tells it what each attempt did.
 *
 * It is linked to the span of every write it carries (their operations may belong to different
 * traces) and is the child of its first write's operation, so the trace of that operation shows
 * it in place. Attributes: `cronofy.data_center`, `server.address` (Cronofy's host),
 * `cronofy.batch.entries`, `cronofy.batch.attempts`, `cronofy.batch.statuses` (every status the
 * call got, ascending: whole-call ones such as 503 or 429, and its entries' own) and
 * `cronofy.entry.statuses` (the final status of each entry, in entry order). Events: `cronofy.attempt`, `cronofy.retry`, `cronofy.rate_limit.pause`
 * (a 429 paused the data center's budget) and `cronofy.budget.wait` (no slot yet). Nothing in it
 * names a token, a calendar, an event or an available period.
 *
 * ```ts
 * const trace = CallTrace.start('us', waiting); // undefined when no write is traced
 * const answers = await upstream.send(caller, entries, { trace });
 * trace?.end(answers);
 * ```
 */
export class CallTrace {
  #attempts = 0;
  #ended = false;
  /** Every status the call got, whole-call or entry. */
  readonly #statuses = new Set<number>();

  private constructor(private readonly span: Span) {}

  /**
   * Starts the span of a call carrying `writes`, or answers undefined, allocating nothing, when
   * none of them is traced (tracing off, or no operation sampled). `budgetWaitMs`: how long the
   * data center's budget had no slot before this call got one.
   */
  static start(
    dataCenter: DataCenterId,
    writes: ReadonlyArray<{ trace?: WriteTrace | undefined }>,
    budgetWaitMs = 0,
  ): CallTrace | undefined {
    let links: Link[] | undefined;
    let parent: WriteTrace | undefined;
    for (const { trace } of writes) {
      if (!trace) continue;
      parent ??= trace;
      (links ??= []).push({ context: trace.field });
    }
    if (!parent) return undefined;
    const span = tracer.startSpan(
      'cronofy.batch',
      {
        kind: SpanKind.CLIENT,
        links,
        attributes: {
          'cronofy.data_center': dataCenter,
          'server.address': DATA_CENTERS[dataCenter],
          'cronofy.batch.entries': writes.length,
        },
      },
      parent.operation,
    );
    if (budgetWaitMs > 0) span.addEvent('cronofy.budget.wait', { 'cronofy.wait_ms': budgetWaitMs, 'cronofy.retry': 0 });
    return new CallTrace(span);
  }

  /** One HTTP attempt, as the resilience layer reports it to logs and metrics. */
  attempt(event: AttemptEvent): void {
    this.#attempts++;
    const status = event.error?.status;
    if (status !== undefined) this.#statuses.add(status);
    for (const entry of event.statuses ?? []) this.#statuses.add(entry);
    this.span.addEvent('cronofy.attempt', {
      'cronofy.retry': event.retry,
      'cronofy.batch.entries': event.entries,
      'cronofy.duration_ms': Math.round(event.durationMs),
      ...(status !== undefined && { 'http.response.status_code': status }),
      ...(event.error && { 'error.type': event.error.code }),
      ...(event.statuses && { 'cronofy.entry.statuses': event.statuses }),
    });
  }

  /** The call goes again (`entries` of them): after a whole-call fault, or for entries answered 429/5xx. */
  retry(retry: number, reason: string, entries: number, delayMs: number): void {
    this.span.addEvent('cronofy.retry', {
      'cronofy.retry': retry,
      'cronofy.retry.reason': reason,
      'cronofy.batch.entries': entries,
      'cronofy.delay_ms': Math.round(delayMs),
    });
  }

  /** A 429 paused the data center's budget for everyone sharing it. */
  paused(ms: number, source: 'retry-after' | 'backoff'): void {
    this.span.addEvent('cronofy.rate_limit.pause', { 'cronofy.wait_ms': Math.round(ms), 'cronofy.rate_limit.source': source });
  }

  /** A retry found no slot in the call budget and waits `ms` for one. */
  waitedForSlot(ms: number, retry: number): void {
    this.span.addEvent('cronofy.budget.wait', { 'cronofy.wait_ms': Math.round(ms), 'cronofy.retry': retry });
  }

  /** Ends the span with the call's answers, or with the failure every one of its writes got. */
  end(outcome: readonly EntryResult[] | Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.span.setAttribute('cronofy.batch.attempts', this.#attempts);
    this.span.setAttribute(
      'cronofy.batch.statuses',
      [...this.#statuses].sort((a, b) => a - b),
    );
    if (outcome instanceof Error) failed(this.span, outcome);
    else
      this.span.setAttribute(
        'cronofy.entry.statuses',
        outcome.map((result) => result.status),
      );
    this.span.end();
  }
}
