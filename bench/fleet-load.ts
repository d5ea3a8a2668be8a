import { Pool } from 'undici';
import { writesOperation } from './operations.js';
import type { KeptCall } from './simulator-process.js';

/** One write's answer, as its caller saw it. */
export interface Answer {
  /** Which request carried it: the writes of one request share this number. */
  request: number;
  token: string;
  eventId: string;
  /** `success`, the error code its field got (`RATE_LIMITED`…), or why the request failed. */
  outcome: string;
  retryAfter?: number;
  /** From sending the request to reading its answer. */
  ms: number;
}

/**
 * Callers in front of a fleet: a keep-alive pool per instance, as a load balancer would hold, and
 * requests spread over the instances in turn.
 *
 * ```ts
 * const callers = new Callers(instances.map((i) => i.url));
 * const answers = await callers.write('bench-fleet-1', ['a', 'b']);
 * ```
 */
export class Callers {
  readonly #pools: Array<{ pool: Pool; path: string }>;
  #requests = 0;

  constructor(urls: readonly string[]) {
    this.#pools = urls.map((url) => ({ pool: new Pool(new URL(url).origin, { keepAliveTimeout: 30_000 }), path: new URL(url).pathname }));
  }

  /** One request of `upsertEvent` fields, one per event id, to the next instance in turn; never rejects. */
  async write(token: string, eventIds: readonly string[], tzid?: string): Promise<Answer[]> {
    const request = this.#requests++;
    const { pool, path } = this.#pools[request % this.#pools.length]!;
    const started = performance.now();
    let body: {
      data?: Record<string, { __typename: string } | null> | null;
      errors?: Array<{ path?: string[]; extensions?: { code?: string; retryAfter?: number } }>;
    };
    try {
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: writesOperation(eventIds, tzid),
      });
      body = (await response.body.json()) as typeof body;
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
    } catch (error) {
      const ms = performance.now() - started;
      return eventIds.map((eventId) => ({ request, token, eventId, outcome: `request failed: ${(error as Error).message}`, ms }));
    }
    const ms = performance.now() - started;
    return eventIds.map((eventId, i) => {
      const error = body.errors?.find((e) => e.path?.[0] === `f${i}`);
      if (!error)
        return {
          request,
          token,
          eventId,
          outcome: body.data?.[`f${i}`]?.__typename === 'UpsertEventSuccess' ? 'success' : 'no answer',
          ms,
        };
      const { code = 'UNKNOWN', retryAfter } = error.extensions ?? {};
      return { request, token, eventId, outcome: code, ...(retryAfter !== undefined && { retryAfter }), ms };
    });
  }

  /**
   * `callers` callers, each sending a request of 1 to 3 new writes every second for `seconds`,
   * spread over the second (open loop: a caller does not wait for its answers).
   */
  async openLoop(prefix: string, callers: number, seconds: number): Promise<Answer[]> {
    const pending: Array<Promise<Answer[]>> = [];
    const started = performance.now();
    for (let second = 0; second < seconds; second++) {
      for (let caller = 0; caller < callers; caller++) {
        const eventIds = Array.from({ length: 1 + ((caller + second) % 3) }, (_, i) => `${prefix}-c${caller}-s${second}-w${i}`);
        pending.push(this.write(`bench-${prefix}-${caller}`, eventIds));
        // Paced against the clock, so a late timer does not stretch the run.
        const due = started + second * 1000 + ((caller + 1) * 1000) / callers;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      }
    }
    return (await Promise.all(pending)).flat();
  }

  close(): Promise<unknown> {
    return Promise.all(this.#pools.map(({ pool }) => pool.close()));
  }
}

/** The callers' answers held against what the simulator received. */
export interface Check {
  writes: number;
  applied: number;
  rateLimited: number;
  /** Answers neither `success` nor `RATE_LIMITED` with `retryAfter` (failed requests among them). */
  failed: number;
  /** Requests with such an answer. */
  failedRequests: number;
  /** Answered success, but the simulator never received them. */
  lost: number;
  /** Received more than once. */
  doubled: number;
  /** Received, but their caller was told otherwise (RATE_LIMITED, or a failure). */
  appliedUnannounced: number;
}

export function check(answers: readonly Answer[], calls: readonly KeptCall[]): Check {
  const received = new Map<string, number>();
  for (const call of calls) {
    call.eventIds.forEach((eventId, i) => {
      if (call.statuses[i]! < 300) received.set(eventId, (received.get(eventId) ?? 0) + 1);
    });
  }
  const succeeded = answers.filter((a) => a.outcome === 'success');
  const rateLimited = answers.filter((a) => a.outcome === 'RATE_LIMITED' && a.retryAfter !== undefined);
  const announced = new Set(succeeded.map((a) => a.eventId));
  const answered = (a: Answer) => a.outcome === 'success' || (a.outcome === 'RATE_LIMITED' && a.retryAfter !== undefined);
  return {
    writes: answers.length,
    applied: succeeded.length,
    rateLimited: rateLimited.length,
    failed: answers.length - succeeded.length - rateLimited.length,
    failedRequests: new Set(answers.filter((a) => !answered(a)).map((a) => a.request)).size,
    lost: succeeded.filter((a) => !received.has(a.eventId)).length,
    doubled: [...received.values()].filter((count) => count > 1).length,
    appliedUnannounced: [...received.keys()].filter((eventId) => !announced.has(eventId)).length,
  };
}

export { busiest, jainIndex } from '../test/support/fleet.js';

/**
 * Which of Cronofy's windows refused each request, from the arrivals admitted (ms, ascending):
 * the second's (its limit already reached in the second before) or the minute's. For the
 * second's, `tightestMs` is the shortest span of perSecond + 1 arrivals that ended in a refusal;
 * the budget spaces that many slots at least a second and its margin apart, so anything shorter
 * is time the calls lost between their slot and their arrival.
 */
export function refusals(arrivals: readonly number[], refused: readonly number[], rates: { perSecond: number }) {
  let second = 0;
  let tightestMs = Infinity;
  for (const at of refused) {
    const before = arrivals.filter((t) => t <= at);
    const first = before[before.length - rates.perSecond];
    if (first !== undefined && at - first < 1_000) {
      second++;
      tightestMs = Math.min(tightestMs, at - first);
    }
  }
  return { second, minute: refused.length - second, tightestMs };
}
