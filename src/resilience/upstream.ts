import type { BatchEntry } from '../cronofy/batch.js';
import type { Caller } from '../cronofy/credentials.js';
import type { DataCenterId } from '../cronofy/data-centers.js';
import type { UpstreamError } from '../cronofy/errors.js';
import type { CallBudget } from '../fleet/call-budget.js';
import type { CallTrace } from '../observability/call-trace.js';
import type { Answer } from './call-outcome.js';

/** What the batcher sends through: one logical call, however many HTTP attempts it takes. */
export interface Upstream {
  /**
   * Resolves with one answer per entry, in their order; rejects with the call's failure.
   * `slotTakenAt`: when the first attempt's slot of the call budget was asked for, if it is taken
   * already (the batcher takes it before it chooses the call's writes); retries take their own.
   * `trace`: the call's span, told of every attempt, retry and wait (tracing only).
   */
  send(caller: Caller, entries: readonly BatchEntry[], options?: SendOptions): Promise<Answer[]>;
  /**
   * Before a call of `caller` takes a slot: the error that would answer it without sending it
   * (Cronofy refused the caller's token), so no slot is spent on it.
   */
  refusalOf?(caller: Caller): Promise<UpstreamError | undefined>;
}

export interface SendOptions {
  slotTakenAt?: number | undefined;
  trace?: CallTrace | undefined;
}

export interface UpstreamOptions {
  /** Each attempt's slot, and the 429 pause shared with every instance; by default, this instance's own at Cronofy's default rates. */
  budget?: CallBudget;
  onAttempt?: (event: AttemptEvent) => void;
}

export interface RetryPolicy {
  /** Bound on one HTTP attempt, from connect to the last byte (CRONOFY_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries of one call, whole-call faults and per-entry 429/5xx together. */
  maxRetries: number;
  /** Bound on one call with all its retries and waits. */
  deadlineMs: number;
  /** First back-off wait; each retry doubles it (with jitter) up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Failed calls in a row that open a data center's circuit, and how long it stays open. */
  breakerFailures: number;
  breakerCooldownMs: number;
}

/** One HTTP attempt, for logs and metrics. Carries no token. */
export interface AttemptEvent {
  dataCenter: DataCenterId;
  entries: number;
  /** Entry statuses of a 2xx answer. */
  statuses?: number[];
  /** The whole-call failure, if there was one. */
  error?: { code: string; status?: number | undefined };
  durationMs: number;
  /** 0 for the first attempt of a call. */
  retry: number;
}
