import type { DataCenterId } from '../cronofy/data-centers.js';
import { UpstreamError } from '../cronofy/errors.js';
import type { CallBudget } from '../fleet/call-budget.js';
import { CallTrace } from '../observability/call-trace.js';
import type { Upstream } from '../resilience/resilient-upstream.js';
import { CallerQueue, type Waiting } from './caller-queue.js';

export interface TurnsOptions {
  dataCenter: DataCenterId;
  budget: CallBudget;
  upstream: Upstream;
  /** Entries per call. */
  limit: number;
  /** How long a write may wait for its call's slot (CRONOFY_SLOT_WAIT_MS). */
  slotWaitMs: number;
  onCall: (call: { queue: CallerQueue; waiting: readonly Waiting[] }) => void;
  /** Writes answered RATE_LIMITED without a call: no slot within `slotWaitMs`. */
  onNoSlot: (writes: number) => void;
}

/**
 * The callers of one data center taking turns at its call budget. Each slot the budget grants
 * goes to the next caller, round robin, that has a write able to go, and carries up to `limit` of
 * that caller's writes: one caller's thousands of writes wait behind one call of every other
 * caller, never the other way round. While the budget makes them wait, writes keep arriving and
 * joining their queues, so under pressure calls fill up instead of multiplying. A write that has
 * no slot within `slotWaitMs` is answered RATE_LIMITED, with the wait left, and is not sent.
 *
 * ```ts
 * const turns = new Turns({ dataCenter: 'us', budget, upstream, limit: 50, slotWaitMs: 10_000, onCall });
 * turns.queueOf(caller, key).add({ write, deadline: Date.now() + 10_000, settle });
 * turns.run();
 * ```
 */
export class Turns {
  /** Callers with writes waiting or in flight, in turn order: a caller served goes to the back. */
  readonly #queues = new Map<string, CallerQueue>();
  #running = false;
  /** Ends the loop's current sleep early: a call settled, or writes arrived. */
  #wake: (() => void) | undefined;
  /** The budget's last answer when it had no slot: what an expired write is told to wait. */
  #lastWaitMs = 1_000;

  constructor(private readonly options: TurnsOptions) {}

  get idle(): boolean {
    return this.#queues.size === 0;
  }

  queueOf(caller: CallerQueue['caller'], key: string): CallerQueue {
    let queue = this.#queues.get(key);
    if (!queue) this.#queues.set(key, (queue = new CallerQueue(caller, key)));
    return queue;
  }

  /** Starts taking turns, or wakes the loop that is. */
  run(): void {
    if (this.#running) {
      this.#wake?.();
      return;
    }
    this.#running = true;
    void this.#loop().finally(() => {
      this.#running = false;
      // Writes that arrived as the loop was ending start it again.
      if ([...this.#queues.values()].some((queue) => queue.waiting.length > 0)) this.run();
    });
  }

  async #loop(): Promise<void> {
    /** Since when the budget has had no slot (for the call span's wait event). */
    let refusedSince: number | undefined;
    for (;;) {
      this.#expire(Date.now(), this.#lastWaitMs);
      if (![...this.#queues.values()].some((queue) => queue.waiting.length > 0)) return;
      const next = this.#nextReady();
      if (!next) {
        // Everything waiting is behind a call in flight: its settling wakes the loop.
        await this.#sleep(this.#nextDeadline() - Date.now());
        continue;
      }
      const refusal = await this.options.upstream.refusalOf?.(next.caller);
      if (refusal) {
        for (const waiting of next.drain()) waiting.settle(refusal);
        this.#forgetIfIdle(next);
        continue;
      }
      const askedAt = Date.now();
      const slot = await this.options.budget.take(this.options.dataCenter);
      if (!slot.granted) {
        refusedSince ??= askedAt;
        this.#lastWaitMs = slot.waitMs;
        // Writes that would still be waiting when the slot comes are answered now.
        this.#expire(Date.now() + slot.waitMs, slot.waitMs);
        await this.#sleep(Math.min(slot.waitMs, this.#nextDeadline() - Date.now()));
        continue;
      }
      // Whoever's turn it is now: writes that came while the slot was being taken count too.
      const queue = this.#nextReady();
      if (queue) this.#send(queue, queue.take(this.options.limit), askedAt, refusedSince === undefined ? 0 : Date.now() - refusedSince);
      refusedSince = undefined;
    }
  }

  #nextReady(): CallerQueue | undefined {
    for (const queue of this.#queues.values()) if (queue.ready) return queue;
    return undefined;
  }

  #send(queue: CallerQueue, call: Waiting[], slotTakenAt: number, budgetWaitMs: number): void {
    // To the back of the line.
    this.#queues.delete(queue.key);
    this.#queues.set(queue.key, queue);
    this.options.onCall({ queue, waiting: call });
    const entries = call.map((waiting) => waiting.write.entry);
    // Tracing: undefined unless some write of the call is traced.
    const trace = CallTrace.start(this.options.dataCenter, call, budgetWaitMs);
    this.options.upstream
      .send(queue.caller, entries, { slotTakenAt, trace })
      .then((answers) => {
        if (answers.length !== call.length) {
          throw new UpstreamError('UPSTREAM_PROTOCOL_ERROR', `The call answered ${answers.length} results for ${call.length} entries.`);
        }
        trace?.end(answers);
        call.forEach((waiting, position) => waiting.settle(answers[position]!));
      })
      .catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        trace?.end(failure);
        for (const waiting of call) waiting.settle(failure);
      })
      .finally(() => {
        queue.done(call);
        this.#forgetIfIdle(queue);
        this.run();
      });
  }

  #expire(time: number, waitMs: number): void {
    for (const queue of this.#queues.values()) {
      const expired = queue.expire(time);
      if (expired.length === 0) continue;
      const error = noSlot(this.options.slotWaitMs, waitMs);
      for (const waiting of expired) waiting.settle(error);
      this.options.onNoSlot(expired.length);
      this.#forgetIfIdle(queue);
    }
  }

  #forgetIfIdle(queue: CallerQueue): void {
    if (queue.idle && this.#queues.get(queue.key) === queue) this.#queues.delete(queue.key);
  }

  #nextDeadline(): number {
    let earliest = Infinity;
    for (const queue of this.#queues.values()) earliest = Math.min(earliest, queue.nextDeadline);
    return earliest;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      // Past the earliest deadline by a millisecond, so the write is due when the loop looks.
      const timer = setTimeout(done, Number.isFinite(ms) ? Math.max(0, ms) + 1 : 2_147_483_647);
      this.#wake = done;
    });
  }
}

function noSlot(slotWaitMs: number, waitMs: number): UpstreamError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new UpstreamError(
    'RATE_LIMITED',
    `Cronofy's call budget for this application has no slot for this write within CRONOFY_SLOT_WAIT_MS (${slotWaitMs} ms): ` +
      `it was not sent and nothing of it was applied. Try again in ${seconds} s.`,
    { status: 429, retryAfterMs: seconds * 1000 },
  );
}
