import type { BatchEntry, EntryResult } from '../cronofy/batch.js';
import type { BatchSender } from '../cronofy/client.js';
import type { Caller } from '../cronofy/credentials.js';
import type { DataCenterId } from '../cronofy/data-centers.js';
import { UpstreamError } from '../cronofy/errors.js';
import { parseRetryAfter } from '../cronofy/retry-after.js';
import { backoffDelay, sleep } from './backoff.js';
import { type CallBudget, MemoryCallBudget, WINDOW_MARGIN_MS } from '../fleet/call-budget.js';
import type { CallTrace } from '../observability/call-trace.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { RefusedTokens } from './refused-tokens.js';

/**
 * How late after its slot an attempt may still leave: half the margin the budget counts its
 * windows with (WINDOW_MARGIN_MS), the other half being for the way to Cronofy.
 */
const STALE_SLOT_MS = WINDOW_MARGIN_MS / 2;

/** Callers whose refused token is remembered at once: more than Cronofy's rate limit lets anyone get refused within the memory's time. */
const MAX_REFUSED_CALLERS = 10_000;

/** What the batcher sends through: one logical call, however many HTTP attempts it takes. */
export interface Upstream {
  /**
   * `slotTakenAt`: when the first attempt's slot of the call budget was asked for, if it is taken
   * already (the batcher takes it before it chooses the call's writes); retries take their own.
   * `trace`: the call's span, told of every attempt, retry and wait (tracing only).
   */
  send(caller: Caller, entries: readonly BatchEntry[], options?: SendOptions): Promise<EntryResult[]>;
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
 * All of it within `deadlineMs`. Replaying is safe because every batchable write is an upsert or
 * delete keyed by an id the caller chose: sending it twice converges to the same state.
 *
 * ```ts
 * const upstream = new ResilientUpstream(new CronofyClient({ timeoutMs }), policy, { budget });
 * const results = await upstream.send({ dataCenter: 'us', credential: bearerToken(token) }, entries);
 * ```
 */
export class ResilientUpstream implements Upstream {
  readonly #budget: CallBudget;
  readonly #breaker: CircuitBreaker;
  readonly #refused: RefusedTokens;
  readonly onAttempt: (event: AttemptEvent) => void;

  constructor(
    private readonly sender: BatchSender,
    private readonly policy: RetryPolicy,
    options: UpstreamOptions = {},
  ) {
    this.#budget = options.budget ?? new MemoryCallBudget();
    this.onAttempt = options.onAttempt ?? (() => {});
    this.#breaker = new CircuitBreaker({ failureThreshold: policy.breakerFailures, cooldownMs: policy.breakerCooldownMs });
    // A call on the wire when the token is refused ends within deadlineMs, and so does any wait;
    // twice that leaves room for a busy event loop before a call chained behind it looks.
    this.#refused = new RefusedTokens({ ttlMs: 2 * policy.deadlineMs, maxCallers: MAX_REFUSED_CALLERS });
  }

  refusalOf(caller: Caller): Promise<UpstreamError | undefined> {
    // An open circuit fails the call at once: no slot of the shared budget is spent on it.
    const open = this.#breaker.refusal(caller.dataCenter);
    return open ? Promise.resolve(open) : this.#refused.refusalOf(caller, { replayed: false });
  }

  async send(caller: Caller, entries: readonly BatchEntry[], options: SendOptions = {}): Promise<EntryResult[]> {
    const call: CallState = {
      caller,
      deadline: Date.now() + this.policy.deadlineMs,
      retries: 0,
      refreshed: false,
      renewed: false,
      slotTakenAt: options.slotTakenAt,
      trace: options.trace,
    };
    const results: EntryResult[] = new Array(entries.length);
    let pending = entries.map((_, index) => index);
    let replayed = new Set<number>();
    for (let round = 0; ; round++) {
      let answered: Answered;
      try {
        answered = await this.#attempt(call, pending, entries);
      } catch (error) {
        if (round === 0) throw error;
        // Entries retried after their own 429/5xx keep that answer rather than losing it, but if
        // the retry may have applied them (no answer, or one that could not be read) they say so.
        if (!(error instanceof UpstreamError) || error.uncertain || error.code === 'UPSTREAM_PROTOCOL_ERROR') {
          for (const index of pending) results[index] = { ...results[index]!, replayed: true };
        }
        break;
      }
      pending.forEach((entryIndex, position) => {
        const result = answered.results[position]!;
        // Once an attempt of an entry had an unknown outcome, every later answer of it says so.
        const uncertain = answered.replayed || replayed.has(entryIndex) || results[entryIndex]?.replayed === true;
        results[entryIndex] = uncertain ? { ...result, replayed: true } : result;
      });

      const again = pending.filter((index) => isTransientEntry(results[index]!.status));
      if (again.length === 0 || call.retries >= this.policy.maxRetries) break;
      const limited = again.filter((index) => results[index]!.status === 429);
      let paused = 0;
      if (limited.length > 0) {
        const asked = Math.max(0, ...limited.map((index) => parseRetryAfter(headerOf(results[index]!, 'retry-after')) ?? 0));
        paused = asked || this.#backoff(call.retries);
        call.trace?.paused(paused, asked ? 'retry-after' : 'backoff');
        await this.#budget.pause(caller.dataCenter, paused);
      }
      const failing = again.filter((index) => results[index]!.status >= 500);
      const delay = failing.length > 0 ? this.#backoff(call.retries) : 0;
      if (Date.now() + Math.max(delay, paused) > call.deadline) break;
      // A 5xx entry may have been applied before it failed: its replay is marked as such.
      replayed = new Set([...replayed, ...failing]);
      call.retries++;
      call.trace?.retry(call.retries, `entries ${limited.length > 0 ? 429 : '5xx'}`, again.length, Math.max(delay, paused));
      await sleep(delay);
      pending = again;
    }
    return results;
  }

  /** Sends `pending` entries as one call, retrying whole-call faults; resolves with their answers. */
  async #attempt(call: CallState, pending: number[], all: readonly BatchEntry[]): Promise<Answered> {
    const { dataCenter, credential } = call.caller;
    const entries = pending.map((index) => all[index]!);
    let replayed = false;
    let staleSlots = 0;
    for (;;) {
      // Before waiting and before sending: a call chained behind, paused or backing off ends here
      // once Cronofy has refused its caller's token.
      let refusal: UpstreamError | undefined;
      try {
        refusal = await this.#refused.refusalOf(call.caller, { replayed });
      } catch (error) {
        throw replayed && error instanceof UpstreamError ? earlierMayHaveApplied(error) : error;
      }
      if (refusal) throw refusal;
      let slotTakenAt = call.slotTakenAt;
      // This attempt spends the slot, whatever comes of it.
      call.slotTakenAt = undefined;
      if (slotTakenAt === undefined) {
        // A retry the open circuit would refuse takes no slot of the budget the fleet shares.
        const open = this.#breaker.refusal(dataCenter);
        if (open) throw replayed ? earlierMayHaveApplied(open) : open;
        slotTakenAt = Date.now();
        const slot = await this.#budget.take(dataCenter);
        if (!slot.granted) {
          if (Date.now() + slot.waitMs > call.deadline) throw this.#rateLimited(call, slot.waitMs, replayed);
          call.trace?.waitedForSlot(slot.waitMs, call.retries);
          await sleep(slot.waitMs);
          continue;
        }
      }
      let token: string;
      try {
        token = await credential.accessToken();
      } catch (error) {
        throw replayed && error instanceof UpstreamError ? earlierMayHaveApplied(error) : error;
      }
      // The budget counted the slot when it granted it. A call that leaves much later (this
      // process was blocked) could reach Cronofy in a second the budget has filled since: it
      // takes a fresh slot instead, and the stale one goes unused.
      // Twice at most: a process that stays blocked sends anyway, and a 429 pauses it.
      if (Date.now() - slotTakenAt > STALE_SLOT_MS && staleSlots++ < 2) continue;
      try {
        // The token first: an attempt that cannot get one must not take the circuit's one probe.
        this.#breaker.admit(dataCenter);
      } catch (error) {
        // An open circuit or a failed refresh sends nothing now, but an earlier attempt may have applied the call.
        throw replayed && error instanceof UpstreamError ? earlierMayHaveApplied(error) : error;
      }
      const started = performance.now();
      const event = { dataCenter, entries: entries.length, retry: call.retries };
      try {
        const timeout = Math.max(1, Math.min(this.policy.timeoutMs, call.deadline - Date.now()));
        const results = await this.sender.send(dataCenter, token, entries, timeout);
        this.#breaker.succeeded(dataCenter);
        this.#attempted(call, { ...event, statuses: results.map((r) => r.status), durationMs: performance.now() - started });
        return { results, replayed };
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        this.#attempted(call, { ...event, error: { code: error.code, status: error.status }, durationMs: performance.now() - started });
        if (error.code === 'UPSTREAM_UNAVAILABLE') this.#breaker.failed(dataCenter);
        else this.#breaker.succeeded(dataCenter);

        if (error.status === 401 && !call.refreshed) {
          call.refreshed = true;
          if ((await credential.refresh(token)) !== null) {
            call.renewed = true;
            continue;
          }
        }
        if (error.status === 401) this.#refused.refuse(call.caller, token, { refreshed: call.renewed });
        let paused = 0;
        if (error.code === 'RATE_LIMITED') {
          paused = error.retryAfterMs ?? this.#backoff(call.retries);
          call.trace?.paused(paused, error.retryAfterMs === undefined ? 'backoff' : 'retry-after');
          await this.#budget.pause(dataCenter, paused);
        }
        replayed ||= error.uncertain;
        // A final answer after an attempt whose outcome is unknown must not read as "nothing was applied".
        if (!error.transient) throw replayed ? earlierMayHaveApplied(error) : error;
        const delay = error.code === 'RATE_LIMITED' ? 0 : this.#backoff(call.retries);
        const wait = Math.max(delay, paused);
        if (call.retries >= this.policy.maxRetries || Date.now() + wait > call.deadline) {
          throw error.code === 'RATE_LIMITED' ? this.#rateLimited(call, wait, replayed) : this.#unavailable(call, error, replayed);
        }
        call.retries++;
        call.trace?.retry(call.retries, error.status === undefined ? error.code : String(error.status), entries.length, wait);
        await sleep(delay);
      }
    }
  }

  #attempted(call: CallState, event: AttemptEvent): void {
    this.onAttempt(event);
    call.trace?.attempt(event);
  }

  #backoff(retry: number): number {
    return backoffDelay(retry, { baseMs: this.policy.retryBaseMs, maxMs: this.policy.retryMaxMs });
  }

  #rateLimited(call: CallState, waitMs: number, replayed: boolean): UpstreamError {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const applied = replayed
      ? 'this attempt was not applied, but an earlier attempt may have been applied'
      : 'nothing of this call was applied';
    return new UpstreamError(
      'RATE_LIMITED',
      `Cronofy's rate limit for this application is exhausted (429); ${applied}.${retried(call)} Try again in ${seconds} s.`,
      { status: 429, retryAfterMs: seconds * 1000, uncertain: replayed },
    );
  }

  #unavailable(call: CallState, error: UpstreamError, replayed: boolean): UpstreamError {
    const earlier = replayed && !error.uncertain ? ' An earlier attempt may have been applied.' : '';
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `${error.message}${earlier}${retried(call)}`, {
      status: error.status,
      uncertain: replayed,
    });
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
}

interface Answered {
  results: EntryResult[];
  /** An earlier attempt of this call may have been applied. */
  replayed: boolean;
}

function isTransientEntry(status: number): boolean {
  return status === 429 || status >= 500;
}

function headerOf(result: EntryResult, name: string): unknown {
  const headers = result.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function earlierMayHaveApplied(error: UpstreamError): UpstreamError {
  return new UpstreamError(error.code, `${error.message} An earlier attempt of this call may have been applied.`, {
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    uncertain: true,
  });
}

function retried(call: CallState): string {
  return call.retries === 0 ? '' : ` Retried ${call.retries} ${call.retries === 1 ? 'time' : 'times'} within the deadline.`;
}
