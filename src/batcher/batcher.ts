import DataLoader from 'dataloader';
import type { EntryResult } from '../cronofy/batch.js';
import type { Caller } from '../cronofy/credentials.js';
import { MAX_BATCH_ENTRIES } from '../cronofy/data-centers.js';
import { UpstreamError } from '../cronofy/errors.js';
import { familyOf, type Write } from '../entries/write.js';
import type { Upstream } from '../resilience/resilient-upstream.js';
import { planCalls } from './calls.js';

export type { Caller } from '../cronofy/credentials.js';

export interface BatcherOptions {
  /** Entries per call; Cronofy's limit is 50. */
  maxEntriesPerCall?: number;
  /** Told of every call as it is sent (once, however many attempts it takes), for metrics. */
  onCall?: (call: CallEvent) => void;
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
 * allows. Each write's promise settles with its own entry's result, or rejects with the
 * UpstreamError of its call.
 *
 * ```ts
 * const batcher = new Batcher(new ResilientUpstream(new CronofyClient({ timeoutMs }), policy));
 * const [a, b] = await Promise.all([batcher.submit(caller, w1), batcher.submit(caller, w2)]); // one call
 * ```
 *
 * Writes are never cached or merged: two identical mutations are two entries. Writes to the same
 * event or available period are sent in sequential calls, so Cronofy applies them in order; so
 * are a bulk delete of available periods and every other write to an available period.
 */
export class Batcher {
  readonly #loaders = new Map<string, DataLoader<Write, EntryResult>>();
  /** Per queue and resource, the settling of the last call that wrote to it. */
  readonly #lastCall = new Map<string, Promise<void>>();
  /**
   * Per queue and family (`available-period`), the settling of every call in flight that writes
   * to one of its members: a write to the whole family waits for all of them.
   */
  readonly #membersInFlight = new Map<string, Set<Promise<void>>>();
  readonly #limit: number;

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
  }

  submit(caller: Caller, write: Write): Promise<EntryResult> {
    return this.#loader(caller).load(write);
  }

  /** True when no write is waiting or in flight: per-caller state is dropped as soon as it is done with. */
  get idle(): boolean {
    return this.#loaders.size === 0 && this.#lastCall.size === 0 && this.#membersInFlight.size === 0;
  }

  #loader(caller: Caller): DataLoader<Write, EntryResult> {
    const queue = `${caller.dataCenter} ${caller.credential.id}`;
    let loader = this.#loaders.get(queue);
    if (!loader) {
      const created = new DataLoader<Write, EntryResult>(
        (writes) => {
          // From here on, new writes of this caller start the next batch.
          if (this.#loaders.get(queue) === created) this.#loaders.delete(queue);
          return this.#dispatch(caller, queue, writes);
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

  async #dispatch(caller: Caller, queue: string, writes: readonly Write[]): Promise<Array<EntryResult | Error>> {
    const results: Array<EntryResult | Error> = new Array(writes.length);
    const calls = planCalls(
      writes.map((w) => w.resource),
      this.#limit,
    );
    await Promise.all(
      calls.map(async (indexes) => {
        const keys = new Set<string>();
        const families = new Set<string>();
        const earlier = new Set<Promise<void>>();
        const waitFor = (promise: Promise<void> | undefined) => promise && earlier.add(promise);
        for (const i of indexes) {
          const { family, whole } = familyOf(writes[i]!.resource);
          const key = `${queue}\n${writes[i]!.resource}`;
          const familyKey = `${queue}\n${family}`;
          keys.add(key);
          waitFor(this.#lastCall.get(key));
          // A member waits for the last write to its whole family; the whole waits for every member.
          waitFor(this.#lastCall.get(familyKey));
          if (whole) for (const member of this.#membersInFlight.get(familyKey) ?? []) waitFor(member);
          else families.add(familyKey);
        }
        const sent = Promise.all(earlier).then(() => {
          const operations = new Set(indexes.map((i) => writes[i]!.operation)).size;
          this.options.onCall?.({ dataCenter: caller.dataCenter, entries: indexes.length, operations });
          return this.upstream.send(
            caller,
            indexes.map((i) => writes[i]!.entry),
          );
        });
        const settled = sent.then(
          () => undefined,
          () => undefined,
        );
        for (const key of keys) this.#lastCall.set(key, settled);
        for (const family of families) {
          let members = this.#membersInFlight.get(family);
          if (!members) this.#membersInFlight.set(family, (members = new Set()));
          members.add(settled);
        }
        void settled.then(() => {
          for (const key of keys) if (this.#lastCall.get(key) === settled) this.#lastCall.delete(key);
          for (const family of families) {
            const members = this.#membersInFlight.get(family);
            members?.delete(settled);
            if (members?.size === 0) this.#membersInFlight.delete(family);
          }
        });
        try {
          const answers = await sent;
          if (answers.length !== indexes.length) {
            throw new UpstreamError(
              'UPSTREAM_PROTOCOL_ERROR',
              `The call answered ${answers.length} results for ${indexes.length} entries.`,
            );
          }
          indexes.forEach((writeIndex, position) => (results[writeIndex] = answers[position]!));
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const writeIndex of indexes) results[writeIndex] = failure;
        }
      }),
    );
    return results;
  }
}
