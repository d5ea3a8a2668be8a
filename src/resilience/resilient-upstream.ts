import type { BatchEntry, EntryResult } from '../cronofy/batch.js';
import type { BatchSender } from '../cronofy/client.js';
import type { Caller } from '../cronofy/credentials.js';
import { UpstreamError } from '../cronofy/errors.js';
import { parseRetryAfter } from '../cronofy/retry-after.js';
import { MemoryCallBudget } from '../fleet/call-budget.js';
import type { CallTrace } from '../observability/call-trace.js';
import { backoffDelay, sleep } from './backoff.js';
import { type Answer, attemptMayHaveApplied, CallFailure } from './call-outcome.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { RateLimitGate } from './rate-limit-gate.js';
import { RefusedTokens } from './refused-tokens.js';
import type { AttemptEvent, RetryPolicy, SendOptions, Upstream, UpstreamOptions } from './upstream.js';

export type { AttemptEvent, RetryPolicy, SendOptions, Upstream, UpstreamOptions } from './upstream.js';

/** Callers whose refused token is remembered at once: more than Cronofy's rate limit lets anyone get refused within the memory's time. */
const MAX_REFUSED_CALLERS = 10_000;

/**
 * Turns one batch call into a definite answer for each of its entries, through the faults a
 * remote service has:
 * - 401: a server-held credential is refreshed once and the call sent again. A final 401 ends the
 *   caller's queue: its calls not yet sent are answered UNAUTHENTICATED without a call (RefusedTokens).
 * - Every attempt takes a slot of the call budget first; a retry that cannot get one within the
 *   deadline ends RATE_LIMITED. A 429 pauses the data center's budget for everyone sharing it
 *   (`Retry-After`, else back-off), then the call retries.
 * - 5xx, resets, timeouts: retried with jittered back-off; a circuit breaker fails fast when a
 *   data center keeps failing.
 * - Per-entry 429 or 5xx inside a 207: only those entries go again, in a later call.
 * All of it within `deadlineMs`. A call that ends without answers rejects with a CallFailure. An
 * answer or failure that may follow an applied attempt says so (`mayHaveApplied`). Replaying is
 * safe because every batchable write is an upsert or delete keyed by an id the caller chose:
 * sending it twice converges to the same state.
 *
 * ```ts
 * const upstream = new ResilientUpstream(new CronofyClient({ timeoutMs }), policy, { budget });
 * const results = await upstream.send({ dataCenter: 'us', credential: bearerToken(token) }, entries);
 * ```
 */
export class ResilientUpstream implements Upstream {
  readonly #gate: RateLimitGate;
  readonly #breaker: CircuitBreaker;
  readonly #refused: RefusedTokens;
  readonly onAttempt: (event: AttemptEvent) => void;

  constructor(
    private readonly sender: BatchSender,
    private readonly policy: RetryPolicy,
    options: UpstreamOptions = {},
  ) {
    this.#gate = new RateLimitGate(options.budget ?? new MemoryCallBudget(), (retry) => this.#backoff(retry));
    this.onAttempt = options.onAttempt ?? (() => {});
    this.#breaker = new CircuitBreaker({ failureThreshold: policy.breakerFailures, cooldownMs: policy.breakerCooldownMs });
    // A call on the wire when the token is refused ends within deadlineMs, and so does any wait;
    // twice that leaves room for a busy event loop before a call chained behind it looks.
    this.#refused = new RefusedTokens({ ttlMs: 2 * policy.deadlineMs, maxCallers: MAX_REFUSED_CALLERS });
  }

  refusalOf(caller: Caller): Promise<UpstreamError | undefined> {
    // An open circuit fails the call at once: no slot of the shared budget is spent on it.
    const open = this.#breaker.refusal(caller.dataCenter);
    return open ? Promise.resolve(open) : this.#refused.refusalOf(caller, { mayHaveApplied: false });
  }

  /**
   * Sends the entries as one call, then those whose own answer was 429 or 5xx again, in later
   * calls, as long as the retries and the deadline allow; each entry keeps its last answer.
   */
  async send(caller: Caller, entries: readonly BatchEntry[], options: SendOptions = {}): Promise<Answer[]> {
    const call: CallState = {
      caller,
      deadline: Date.now() + this.policy.deadlineMs,
      retries: 0,
      refreshed: false,
      renewed: false,
      slotTakenAt: options.slotTakenAt,
      trace: options.trace,
      mayHaveApplied: false,
      staleSlots: 0,
    };
    const answers: Answer[] = new Array(entries.length);
    let pending: number[] | undefined = entries.map((_, index) => index);
    for (let first = true; pending; first = false) {
      let results: EntryResult[];
      try {
        results = await this.#attempt(call, first ? entries : pending.map((index) => entries[index]!));
      } catch (error) {
        if (first) throw error;
        keepAnswers(answers, pending, error);
        break;
      }
      recordAnswers(answers, pending, results, call.mayHaveApplied);
      const again = this.#entriesToRetry(call, pending, answers);
      pending = again && (await this.#waitToRetry(call, again, answers));
    }
    return answers;
  }

  /**
   * Sends `entries` as one call, through its whole-call faults: wait for the gate, send once,
   * then decide. Resolves with Cronofy's answers; rejects with the CallFailure that ends the call.
   */
  async #attempt(call: CallState, entries: readonly BatchEntry[]): Promise<EntryResult[]> {
    call.mayHaveApplied = false;
    call.staleSlots = 0;
    for (;;) {
      const token = await this.#pass(call);
      const sent = await this.#sendOnce(call, token, entries);
      if (sent.kind === 'answered') return sent.results;
      const next = await this.#afterFault(call, token, sent.error, entries.length);
      if (next.kind === 'retry') await sleep(next.delayMs);
    }
  }

  /**
   * Waits until the call may go: its caller's token is not refused, its data center's circuit
   * lets it through, and it holds a fresh slot of the call budget. Resolves with the access token
   * to send; rejects with the CallFailure that ends the call instead.
   */
  async #pass(call: CallState): Promise<string> {
    const { dataCenter, credential } = call.caller;
    for (;;) {
      // Before waiting and before sending: a call chained behind, paused or backing off ends here
      // once Cronofy has refused its caller's token.
      if (this.#refused.size > 0) {
        let refusal: CallFailure | undefined;
        try {
          refusal = await this.#refused.refusalOf(call.caller, { mayHaveApplied: call.mayHaveApplied });
        } catch (error) {
          throw this.#failed(call, error);
        }
        if (refusal) throw refusal;
      }
      let slotTakenAt = call.slotTakenAt;
      // This attempt spends the slot, whatever comes of it.
      call.slotTakenAt = undefined;
      if (slotTakenAt === undefined) {
        // A retry the open circuit would refuse takes no slot of the budget the fleet shares.
        const open = this.#breaker.refusal(dataCenter);
        if (open) throw this.#failed(call, open);
        const slot = await this.#gate.take(dataCenter, call.deadline);
        if (slot.kind === 'late') throw this.#rateLimited(call, slot.waitMs);
        if (slot.kind === 'wait') {
          call.trace?.waitedForSlot(slot.waitMs, call.retries);
          await sleep(slot.waitMs);
          continue;
        }
        slotTakenAt = slot.at;
      }
      let token: string;
      try {
        token = await credential.accessToken();
      } catch (error) {
        throw this.#failed(call, error);
      }
      // A call that leaves much later than its slot (this process was blocked) takes a fresh one,
      // and the stale one goes unused. Twice at most: a process that stays blocked sends anyway,
      // and a 429 pauses it.
      if (this.#gate.isStale(slotTakenAt) && call.staleSlots++ < 2) continue;
      try {
        // After the token: an attempt that cannot get one must not take the circuit's one probe.
        this.#breaker.admit(dataCenter);
      } catch (error) {
        throw this.#failed(call, error);
      }
      return token;
    }
  }

  /** One HTTP attempt: Cronofy's answers, or the whole-call fault; the circuit and `onAttempt` are told either. */
  async #sendOnce(call: CallState, token: string, entries: readonly BatchEntry[]): Promise<Sent> {
    const { dataCenter } = call.caller;
    const started = performance.now();
    const event = { dataCenter, entries: entries.length, retry: call.retries };
    try {
      const timeout = Math.max(1, Math.min(this.policy.timeoutMs, call.deadline - Date.now()));
      const results = await this.sender.send(dataCenter, token, entries, timeout);
      this.#breaker.succeeded(dataCenter);
      this.#attempted(call, { ...event, statuses: results.map((r) => r.status), durationMs: performance.now() - started });
      return { kind: 'answered', results };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      this.#attempted(call, { ...event, error: { code: error.code, status: error.status }, durationMs: performance.now() - started });
      if (error.code === 'UPSTREAM_UNAVAILABLE') this.#breaker.failed(dataCenter);
      else this.#breaker.succeeded(dataCenter);
      return { kind: 'failed', error };
    }
  }

  /**
   * After a whole-call fault: a 401 refreshes a server-held token once (then the call goes again
   * at once) or marks the token refused; a 429 pauses the data center; a transient fault is
   * retried after a back-off. Rejects with the CallFailure that ends the call otherwise.
   */
  async #afterFault(call: CallState, token: string, error: UpstreamError, entries: number): Promise<Next> {
    const { caller } = call;
    if (error.status === 401) {
      if (!call.refreshed) {
        call.refreshed = true;
        let renewed: string | null;
        try {
          renewed = await caller.credential.refresh(token);
        } catch (failure) {
          throw this.#failed(call, failure);
        }
        if (renewed !== null) {
          call.renewed = true;
          return REFRESHED;
        }
      }
      this.#refused.refuse(caller, token, { refreshed: call.renewed });
    }
    const rateLimited = error.code === 'RATE_LIMITED';
    const paused = rateLimited ? await this.#gate.pause(caller.dataCenter, error.retryAfterMs, call.retries, call.trace) : 0;
    call.mayHaveApplied ||= attemptMayHaveApplied(error);
    if (!error.transient) throw this.#failed(call, error);
    const delayMs = rateLimited ? 0 : this.#backoff(call.retries);
    const wait = Math.max(delayMs, paused);
    if (call.retries >= this.policy.maxRetries || Date.now() + wait > call.deadline) {
      if (rateLimited) throw this.#rateLimited(call, wait);
      throw new CallFailure({ kind: 'unavailable', error }, { mayHaveApplied: call.mayHaveApplied, retries: call.retries });
    }
    call.retries++;
    call.trace?.retry(call.retries, error.status === undefined ? error.code : String(error.status), entries, wait);
    return { kind: 'retry', delayMs };
  }

  /** The entries whose own answer was 429 or 5xx, if the retries allow another call. */
  #entriesToRetry(call: CallState, pending: number[], answers: Answer[]): number[] | undefined {
    if (call.retries >= this.policy.maxRetries) return undefined;
    const again = pending.filter((index) => isTransientEntry(answers[index]!.status));
    return again.length === 0 ? undefined : again;
  }

  /**
   * Waits out the pause a 429 of `again` asked for and the back-off a 5xx needs, then resolves
   * with `again`; or with undefined, at once, when that wait would pass the deadline.
   */
  async #waitToRetry(call: CallState, again: number[], answers: Answer[]): Promise<number[] | undefined> {
    const limited = again.filter((index) => answers[index]!.status === 429);
    let paused = 0;
    if (limited.length > 0) {
      const asked = Math.max(0, ...limited.map((index) => parseRetryAfter(headerOf(answers[index]!, 'retry-after')) ?? 0));
      paused = await this.#gate.pause(call.caller.dataCenter, asked || undefined, call.retries, call.trace);
    }
    const delay = again.some((index) => answers[index]!.status >= 500) ? this.#backoff(call.retries) : 0;
    if (Date.now() + Math.max(delay, paused) > call.deadline) return undefined;
    call.retries++;
    call.trace?.retry(call.retries, `entries ${limited.length > 0 ? 429 : '5xx'}`, again.length, Math.max(delay, paused));
    await sleep(delay);
    return again;
  }

  #attempted(call: CallState, event: AttemptEvent): void {
    this.onAttempt(event);
    call.trace?.attempt(event);
  }

  #backoff(retry: number): number {
    return backoffDelay(retry, { baseMs: this.policy.retryBaseMs, maxMs: this.policy.retryMaxMs });
  }

  /** Ends the call with `error`, which sent nothing more or was Cronofy's final answer. */
  #failed(call: CallState, error: unknown): unknown {
    if (!(error instanceof UpstreamError)) return error;
    return new CallFailure({ kind: 'failed', error }, { mayHaveApplied: call.mayHaveApplied });
  }

  #rateLimited(call: CallState, waitMs: number): CallFailure {
    const retryAfterMs = Math.max(1, Math.ceil(waitMs / 1000)) * 1000;
    return new CallFailure({ kind: 'rate-limited', retryAfterMs }, { mayHaveApplied: call.mayHaveApplied, retries: call.retries });
  }
}

interface CallState {
  caller: Caller;
  deadline: number;
  retries: number;
  /** A 401 asked the credential for a refresh (at most once per call)… */
  refreshed: boolean;
  /** …and it gave a new token (server-held credentials). */
  renewed: boolean;
  /** When the next attempt's slot of the call budget was asked for, if it is taken already. */
  slotTakenAt: number | undefined;
  /** The call's span, when tracing is on. */
  trace: CallTrace | undefined;
  /** An attempt of the entries now being sent may have been applied (see CallOutcome). */
  mayHaveApplied: boolean;
  /** Slots given up as stale for the entries now being sent. */
  staleSlots: number;
}

/** What one HTTP attempt came to. */
type Sent = { kind: 'answered'; results: EntryResult[] } | { kind: 'failed'; error: UpstreamError };

/** After a fault that does not end the call: go again at once with a new token, or after `delayMs`. */
type Next = { kind: 'refreshed' } | { kind: 'retry'; delayMs: number };

const REFRESHED: Next = { kind: 'refreshed' };

function isTransientEntry(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Stores each pending entry's answer. An entry keeps saying it may have been applied once an
 * attempt of it had no definite answer: a whole-call one of this call, or its own 5xx before.
 */
function recordAnswers(answers: Answer[], pending: readonly number[], results: readonly EntryResult[], mayHaveApplied: boolean): void {
  pending.forEach((index, position) => {
    const result = results[position]!;
    const before = answers[index];
    const applied = mayHaveApplied || (before !== undefined && (before.status >= 500 || before.mayHaveApplied === true));
    answers[index] = applied ? { ...result, mayHaveApplied: true } : result;
  });
}

/**
 * A later call of entries retried after their own 429/5xx failed: they keep that answer rather
 * than losing it, but if the retry may have applied them (no answer, or one that could not be
 * read) they say so.
 */
function keepAnswers(answers: Answer[], pending: readonly number[], error: unknown): void {
  if (error instanceof CallFailure && !error.mayHaveApplied && error.code !== 'UPSTREAM_PROTOCOL_ERROR') return;
  for (const index of pending) answers[index] = { ...answers[index]!, mayHaveApplied: true };
}

function headerOf(result: EntryResult, name: string): unknown {
  const headers = result.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
