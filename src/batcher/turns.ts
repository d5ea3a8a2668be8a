import { hash } from 'node:crypto';
import { checkAnswerCount } from '../cronofy/batch.js';
import type { DataCenterId } from '../cronofy/data-centers.js';
import { UpstreamError } from '../cronofy/errors.js';
import { type CallBudget, spacingOf } from '../fleet/call-budget.js';
import { CallTrace } from '../observability/call-trace.js';
import type { Answer } from '../resilience/call-outcome.js';
import type { Upstream } from '../resilience/upstream.js';
import { CallerQueue } from './caller-queue.js';
import type { Waiting } from './waiting.js';

/**
 * Callers (a digest of token and data center) whose last call Cronofy answered: their token is
 * real. Made-up tokens cost nothing to make and each would get a turn, a slot and a 401; so while
 * most newcomers' first calls are refused (`SUSPECT_REFUSALS` of the last `NEWCOMER_CALLS`),
 * known callers take turns first and newcomers share every `NEWCOMER_TURN`th slot, and any slot
 * known callers leave. Otherwise, every caller takes turns alike.
 */
const KNOWN_FOR_MS = 10 * 60_000;
const MAX_KNOWN = 10_000;
const NEWCOMER_TURN = 4;
const NEWCOMER_CALLS = 20;
const SUSPECT_REFUSALS = 10;

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
 * turns.add(caller, key, [new Waiting(write).in(new Turn(1, Date.now() + 10_000, resolve), 0)]);
 * turns.run();
 * ```
 *
 * Each write that arrives wakes the loop, so a turn of it costs nothing per caller waiting: the
 * writes waiting are counted, and their deadlines (each its arrival plus the same wait) are read
 * from one list in arrival order, not from every caller's queue.
 */
export class Turns {
  /** Callers with writes waiting or in flight, in turn order: a caller served goes to the back. */
  readonly #queues = new Map<string, CallerQueue>();
  #running = false;
  /** Ends the loop's current sleep early: a call settled, or writes arrived. */
  #wake: (() => void) | undefined;
  /** The budget's last answer when it had no slot: what an expired write is told to wait. */
  #lastWaitMs = 1_000;
  /** Writes waiting in some caller's queue (`queued`): not yet taken into a call, expired or drained. */
  #queued = 0;
  /** Every write since `#first`, in arrival order (so in deadline order); each knows its queue. */
  #arrivals: Waiting[] = [];
  #first = 0;
  /** Digest → until when, oldest first; see KNOWN_FOR_MS. */
  readonly #known = new Map<string, number>();
  /** Digest of each queue's key, computed once per queue. */
  readonly #digests = new WeakMap<CallerQueue, string>();
  #slots = 0;
  /** Whether each of the last NEWCOMER_CALLS calls of a caller not known then was refused (401). */
  readonly #newcomerRefused: boolean[] = [];

  constructor(private readonly options: TurnsOptions) {}

  get idle(): boolean {
    return this.#queues.size === 0;
  }

  /**
   * Puts `writes` (one turn's, in the order they came) at the back of their caller's queue;
   * `run()` then sends them in their turn. A write that could not go before its deadline even if
   * every slot came at the budget's pace is answered RATE_LIMITED at once instead of being held
   * until then: the turns ahead of it (its own caller's earlier calls, each after a round of every
   * other caller) already fill the wait. So no more writes wait than the budget could send within
   * `slotWaitMs`. The time, the caller's standing and the budget's spacing are read once for the
   * turn's writes, not once each.
   */
  add(caller: CallerQueue['caller'], key: string, writes: readonly Waiting[]): void {
    let queue = this.#queues.get(key);
    const digest = queue ? this.#digestOf(queue) : digestOf(key);
    const known = this.#knownDigest(digest);
    const spacing = spacingOf(this.options.budget.rates);
    const now = Date.now();
    for (const waiting of writes) {
      const others = this.#queues.size - (queue ? 1 : 0);
      const ownTurnsAhead = queue ? Math.floor(queue.waiting.length / this.options.limit) : 0;
      // The fewest slots before this write's. A known caller may go before everyone else, so only
      // its own turns ahead are sure; any other caller waits a round of every other caller per
      // turn, and a new one joins the round behind them all.
      const slotsBefore = known ? ownTurnsAhead : queue ? ownTurnsAhead * (others + 1) : others;
      const soonest = slotsBefore * spacing;
      if (now + soonest > waiting.deadline) {
        waiting.settle(noSlot(this.options.slotWaitMs, soonest));
        this.options.onNoSlot(1);
        continue;
      }
      if (!queue) {
        this.#queues.set(key, (queue = new CallerQueue(caller, key)));
        this.#digests.set(queue, digest);
      }
      queue.add(waiting);
      waiting.queue = queue;
      waiting.queued = true;
      this.#queued++;
      this.#arrivals.push(waiting);
    }
  }

  /** Starts taking turns, or wakes the loop that is. */
  run(): void {
    if (this.#running) {
      this.#wake?.();
      return;
    }
    this.#running = true;
    void this.#loop()
      // A fault of the budget: no write can be sent without a slot, so each waiting one is told
      // (nothing of it was sent) rather than waiting out its deadline while the loop starts
      // over and over, or the rejection ending the process.
      .catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const queue of [...this.#queues.values()]) {
          for (const waiting of this.#drain(queue)) waiting.settle(failure);
          this.#forgetIfIdle(queue);
        }
      })
      .finally(() => {
        this.#running = false;
        // Writes that arrived as the loop was ending start it again.
        if (this.#queued > 0) this.run();
      });
  }

  async #loop(): Promise<void> {
    /** Since when the budget has had no slot (for the call span's wait event). */
    let refusedSince: number | undefined;
    for (;;) {
      this.#expire(Date.now(), this.#lastWaitMs);
      if (this.#queued === 0) return;
      const next = this.#nextReady();
      if (!next) {
        // Everything waiting is behind a call in flight: its settling wakes the loop.
        await this.#sleep(this.#nextDeadline() - Date.now());
        continue;
      }
      const refusal = await this.#refusalOf(next);
      if (refusal) {
        for (const waiting of this.#drain(next)) waiting.settle(refusal);
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
      const queue = this.#nextReady(++this.#slots % NEWCOMER_TURN === 0);
      if (queue) {
        const call = queue.take(this.options.limit);
        this.#unqueue(call);
        this.#send(queue, call, askedAt, refusedSince === undefined ? 0 : Date.now() - refusedSince);
      }
      refusedSince = undefined;
    }
  }

  /**
   * Why `queue`'s writes would be answered without a call, if they would: Cronofy refused its
   * token, or its credential cannot give one now (a refresh that failed), which its call would
   * fail with too. Either way that caller's writes are answered, and the others' go on.
   */
  async #refusalOf(queue: CallerQueue): Promise<Error | undefined> {
    try {
      return await this.options.upstream.refusalOf?.(queue.caller);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /** The next caller in turn with a write able to go: a known one, unless it is a newcomer's turn. */
  #nextReady(newcomersTurn = false): CallerQueue | undefined {
    if (!this.#newcomersSuspect()) {
      for (const queue of this.#queues.values()) if (queue.ready) return queue;
      return undefined;
    }
    let known: CallerQueue | undefined;
    let newcomer: CallerQueue | undefined;
    for (const queue of this.#queues.values()) {
      if (!queue.ready) continue;
      if (this.#isKnown(queue)) known ??= queue;
      else newcomer ??= queue;
      if (newcomersTurn ? newcomer : known) break;
    }
    return newcomersTurn ? (newcomer ?? known) : (known ?? newcomer);
  }

  #newcomersSuspect(): boolean {
    let refused = 0;
    for (const outcome of this.#newcomerRefused) if (outcome) refused++;
    return refused >= SUSPECT_REFUSALS;
  }

  #newcomerCall(queue: CallerQueue, refused: boolean): void {
    if (this.#isKnown(queue)) return;
    this.#newcomerRefused.push(refused);
    if (this.#newcomerRefused.length > NEWCOMER_CALLS) this.#newcomerRefused.shift();
  }

  #digestOf(queue: CallerQueue): string {
    let digest = this.#digests.get(queue);
    if (digest === undefined) {
      digest = digestOf(queue.key);
      this.#digests.set(queue, digest);
    }
    return digest;
  }

  #isKnown(queue: CallerQueue): boolean {
    return this.#knownDigest(this.#digestOf(queue));
  }

  #knownDigest(digest: string): boolean {
    const until = this.#known.get(digest);
    return until !== undefined && until > Date.now();
  }

  /** Cronofy answered a call of `queue`'s caller: its token works. */
  #remember(queue: CallerQueue): void {
    const digest = this.#digestOf(queue);
    this.#known.delete(digest);
    this.#known.set(digest, Date.now() + KNOWN_FOR_MS);
    for (const [oldest, until] of this.#known) {
      if (this.#known.size <= MAX_KNOWN && until > Date.now()) break;
      this.#known.delete(oldest);
    }
  }

  #send(queue: CallerQueue, call: Waiting[], slotTakenAt: number, budgetWaitMs: number): void {
    // To the back of the line.
    this.#queues.delete(queue.key);
    this.#queues.set(queue.key, queue);
    // Tracing: undefined unless some write of the call is traced.
    let trace: CallTrace | undefined;
    // Inside a promise: whatever throws here answers this call's writes instead of leaving them
    // (and every later write to their events) waiting for ever.
    new Promise<Answer[]>((resolve) => {
      this.options.onCall({ queue, waiting: call });
      const entries = call.map((waiting) => waiting.write.entry);
      trace = CallTrace.start(this.options.dataCenter, call, budgetWaitMs);
      resolve(this.options.upstream.send(queue.caller, entries, { slotTakenAt, trace }));
    })
      .then((answers) => {
        checkAnswerCount(answers, call.length);
        this.#newcomerCall(queue, false);
        this.#remember(queue);
        trace?.end(answers);
        call.forEach((waiting, position) => waiting.settle(answers[position]!));
      })
      .catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (failure instanceof UpstreamError && (failure.status === 401 || failure.code === 'UNAUTHENTICATED')) {
          this.#newcomerCall(queue, true);
        }
        trace?.end(failure);
        for (const waiting of call) waiting.settle(failure);
      })
      .finally(() => {
        queue.done(call);
        this.#forgetIfIdle(queue);
        this.run();
      });
  }

  #drain(queue: CallerQueue): Waiting[] {
    return this.#unqueue(queue.drain());
  }

  /** `writes` have left their queue. */
  #unqueue(writes: Waiting[]): Waiting[] {
    for (const waiting of writes) waiting.queued = false;
    this.#queued -= writes.length;
    return writes;
  }

  /** Answers every write whose deadline is before `time`: the first ones to arrive, in the queues that hold them. */
  #expire(time: number, waitMs: number): void {
    // Made only when something is due: this runs before every call.
    let due: Set<CallerQueue> | undefined;
    while (this.#first < this.#arrivals.length && this.#arrivals[this.#first]!.deadline < time) {
      const waiting = this.#arrivals[this.#first++]!;
      if (waiting.queued) (due ??= new Set()).add(waiting.queue!);
    }
    this.#compact();
    if (!due) return;
    for (const queue of due) {
      const expired = this.#unqueue(queue.expire(time));
      const error = noSlot(this.options.slotWaitMs, waitMs);
      for (const waiting of expired) waiting.settle(error);
      this.options.onNoSlot(expired.length);
      this.#forgetIfIdle(queue);
    }
  }

  /**
   * Drops the arrivals already passed once they are the larger part of the list, and those sent
   * or answered meanwhile once they far outnumber the writes waiting (a write waiting long at
   * the front would otherwise keep every later arrival); each costs at most what it frees.
   */
  #compact(): void {
    const left = this.#arrivals.length - this.#first;
    if (left > 1_024 + 4 * this.#queued) {
      this.#arrivals = this.#arrivals.slice(this.#first).filter((waiting) => waiting.queued);
      this.#first = 0;
    } else if (this.#first > 1_024 && this.#first > left) {
      this.#arrivals = this.#arrivals.slice(this.#first);
      this.#first = 0;
    }
  }

  #forgetIfIdle(queue: CallerQueue): void {
    if (queue.idle && this.#queues.get(queue.key) === queue) this.#queues.delete(queue.key);
  }

  /** The earliest deadline of a write still waiting: that of the first one to have arrived. */
  #nextDeadline(): number {
    while (this.#first < this.#arrivals.length && !this.#arrivals[this.#first]!.queued) this.#first++;
    this.#compact();
    return this.#arrivals[this.#first]?.deadline ?? Infinity;
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

/**
 * Callers are remembered by digest: the key holds the token. One a request, each its own caller:
 * the one-shot `hash` costs a third of a Hash object's create, update and digest.
 */
function digestOf(key: string): string {
  return hash('sha256', key, 'base64url');
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
