import DataLoader from 'dataloader';
import type { Answer } from '../resilience/call-outcome.js';
import type { Caller } from '../cronofy/credentials.js';
import { type DataCenterId, MAX_BATCH_ENTRIES } from '../cronofy/data-centers.js';
import type { Write } from '../entries/write.js';
import { type CallBudget, MemoryCallBudget } from '../fleet/call-budget.js';
import type { WriteTrace } from '../observability/tracing.js';
import type { Upstream } from '../resilience/upstream.js';
import { Turns } from './turns.js';
import { Turn, Waiting } from './waiting.js';

/** CRONOFY_SLOT_WAIT_MS's default. */
const SLOT_WAIT_MS = 10_000;

export interface BatcherOptions {
  /** Entries per call; Cronofy's limit is 50. */
  maxEntriesPerCall?: number;
  /**
   * Where each call's slot comes from; the same budget the upstream takes its retries' slots from.
   * By default, Cronofy's default rates for this instance alone, in memory.
   */
  budget?: CallBudget;
  /** How long a write may wait for its call's slot before it is answered RATE_LIMITED, unsent. */
  slotWaitMs?: number;
  /** Told of every call as it is sent (once, however many attempts it takes), for metrics. */
  onCall?: (call: CallEvent) => void;
  /** Told of writes answered RATE_LIMITED unsent, for want of a slot within `slotWaitMs`. */
  onNoSlot?: (event: { dataCenter: DataCenterId; writes: number }) => void;
}

/** What the batcher is told of a write besides the write itself. */
export interface SubmitOptions {
  /** The operation that asked for the write (any object standing for it, such as its GraphQL context); only counted, for metrics. */
  operation?: object | undefined;
  /** Its field's span and operation, for its call's span to link to; only when tracing is on. */
  trace?: WriteTrace | undefined;
}

/** One batch call as the batcher planned it. Carries no token. */
export interface CallEvent {
  dataCenter: Caller['dataCenter'];
  entries: number;
  /** Distinct GraphQL operations whose writes share this call. */
  operations: number;
}

/**
 * Collects the writes of one caller (access token + data center) that arrive in the same turn
 * of the event loop (every mutation field of an operation, every operation of an HTTP batch,
 * concurrent requests) and sends them in as few `POST /v1/batch` calls as the 50-entry limit
 * allows, each call in a slot of the shared call budget. Each write's promise settles with its
 * own entry's result, or rejects with the UpstreamError of its call.
 *
 * ```ts
 * const budget = new MemoryCallBudget({ perSecond: 50, perMinute: 500 });
 * const batcher = new Batcher(new ResilientUpstream(client, policy, { budget }), { budget });
 * const [a, b] = await Promise.all([batcher.submit(caller, w1, { operation }), batcher.submit(caller, w2, { operation })]); // one call
 * ```
 *
 * Writes are never cached or merged: two identical mutations are two entries. Writes to the same
 * event or available period are sent in sequential calls, so Cronofy applies them in order; so
 * are a bulk delete of available periods and every other write to an available period. When the
 * budget is short, callers take turns (see `Turns`) and a caller's writes keep coalescing.
 */
export class Batcher {
  readonly #loaders = new Map<string, DataLoader<Waiting, Answer>>();
  readonly #queues = new WeakMap<Caller, string>();
  readonly #turns = new Map<DataCenterId, Turns>();
  readonly #limit: number;
  readonly #budget: CallBudget;
  readonly #slotWaitMs: number;

  constructor(
    private readonly upstream: Upstream,
    private readonly options: BatcherOptions = {},
  ) {
    this.#limit = options.maxEntriesPerCall ?? MAX_BATCH_ENTRIES;
    if (!Number.isInteger(this.#limit) || this.#limit < 1 || this.#limit > MAX_BATCH_ENTRIES) {
      throw new RangeError(
        `Batcher: maxEntriesPerCall must be a whole number from 1 to ${MAX_BATCH_ENTRIES}; got ${options.maxEntriesPerCall}.`,
      );
    }
    this.#budget = options.budget ?? new MemoryCallBudget();
    this.#slotWaitMs = options.slotWaitMs ?? SLOT_WAIT_MS;
  }

  submit(caller: Caller, write: Write, options?: SubmitOptions): Promise<Answer> {
    return this.#loader(caller).load(new Waiting(write, options?.operation, options?.trace));
  }

  /** True when no write is waiting or in flight: per-caller state is dropped as soon as it is done with. */
  get idle(): boolean {
    return this.#loaders.size === 0 && [...this.#turns.values()].every((turns) => turns.idle);
  }

  #loader(caller: Caller): DataLoader<Waiting, Answer> {
    const queue = this.#queueOf(caller);
    let loader = this.#loaders.get(queue);
    if (!loader) {
      const created = new DataLoader<Waiting, Answer>(
        (writes) => {
          // From here on, new writes of this caller start the next batch.
          if (this.#loaders.get(queue) === created) this.#loaders.delete(queue);
          return this.#enqueue(caller, queue, writes);
        },
        {
          cache: false,
          // After every promise job of this turn, so all fields and operations started together are in.
          batchScheduleFn: (callback) => setImmediate(callback),
        },
      );
      this.#loaders.set(queue, created);
      loader = created;
    }
    return loader;
  }

  /**
   * Names `caller`'s queue: data center and credential id. Remembered per caller object, which
   * a request's every write shares: a name built anew is hashed anew, token and all, per write.
   */
  #queueOf(caller: Caller): string {
    let queue = this.#queues.get(caller);
    if (queue === undefined) {
      queue = `${caller.dataCenter} ${caller.credential.id}`;
      this.#queues.set(caller, queue);
    }
    return queue;
  }

  /** Hands a turn's writes to their caller's queue; resolves when every one of them is answered. */
  #enqueue(caller: Caller, key: string, writes: readonly Waiting[]): Promise<Array<Answer | Error>> {
    const turns = this.#turnsOf(caller.dataCenter);
    const deadline = Date.now() + this.#slotWaitMs;
    const all = new Promise<Array<Answer | Error>>((resolve) => {
      const turn = new Turn(writes.length, deadline, resolve);
      for (let position = 0; position < writes.length; position++) writes[position]!.in(turn, position);
      turns.add(caller, key, writes);
    });
    turns.run();
    return all;
  }

  #turnsOf(dataCenter: DataCenterId): Turns {
    let turns = this.#turns.get(dataCenter);
    if (!turns) {
      turns = new Turns({
        dataCenter,
        budget: this.#budget,
        upstream: this.upstream,
        limit: this.#limit,
        slotWaitMs: this.#slotWaitMs,
        onCall: ({ waiting }) => {
          if (!this.options.onCall) return;
          this.options.onCall({ dataCenter, entries: waiting.length, operations: operationsIn(waiting) });
        },
        onNoSlot: (writes) => this.options.onNoSlot?.({ dataCenter, writes }),
      });
      this.#turns.set(dataCenter, turns);
    }
    return turns;
  }
}

/**
 * How many distinct operations' writes share a call. A call's writes mostly come from one
 * operation or a few, so a list of those seen so far is shorter to search than a set is to build;
 * a call holds at most 50 writes.
 */
function operationsIn(call: readonly Waiting[]): number {
  const seen: Array<object | undefined> = [];
  for (const { operation } of call) if (!seen.includes(operation)) seen.push(operation);
  return seen.length;
}
