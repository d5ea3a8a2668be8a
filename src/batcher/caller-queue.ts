import type { Caller } from '../cronofy/credentials.js';
import { ResourceOrder } from './resource-order.js';
import type { Waiting } from './waiting.js';

/**
 * The writes of one caller (access token + data center) not yet sent, in the order they came. A
 * call takes up to `limit` of them from the front, in the order `ResourceOrder` allows: writes to
 * one event (or to an available period and the bulk delete of all of them) go in sequential
 * calls, in their order.
 *
 * ```ts
 * const queue = new CallerQueue(caller, `${caller.dataCenter} ${caller.credential.id}`);
 * queue.add(new Waiting(write).in(turn, position));
 * const call = queue.take(50); // → up to 50 writes; `queue.done(call)` once it has settled
 * ```
 */
export class CallerQueue {
  /** Oldest first. Read it; change it only through the methods below, which keep `ready` right. */
  readonly waiting: Waiting[] = [];
  readonly #order = new ResourceOrder();
  /** Whether some write could go now; undefined once anything changed. Taking turns asks often, and a scan is linear. */
  #ready: boolean | undefined;

  constructor(
    readonly caller: Caller,
    /** Names the queue among its data center's: data center and credential id. */
    readonly key: string,
  ) {}

  add(waiting: Waiting): void {
    this.waiting.push(waiting);
    if (this.#ready === false) this.#ready = undefined;
  }

  /** Some write could go now: its resource overlaps nothing in flight or ahead of it. */
  get ready(): boolean {
    // With nothing in flight, the first write waiting can always go.
    this.#ready ??= this.#order.idle ? this.waiting.length > 0 : this.#scan(1).length > 0;
    return this.#ready;
  }

  get idle(): boolean {
    return this.waiting.length === 0 && this.#order.idle;
  }

  /** Takes the next call's writes (at most `limit`) out of the queue and counts them in flight. */
  take(limit: number): Waiting[] {
    const positions = this.#order.take(this.waiting, limit, resourceOf);
    this.#ready = undefined;
    let to = positions.at(-1) ?? -1;
    // No write passed over, as in most calls: the call is the front of the queue, cut as it is.
    if (to === positions.length - 1) return this.waiting.splice(0, positions.length);
    const call = positions.map((position) => this.waiting[position]!);
    // The writes passed over move up to the last one taken, and the front is cut once: one move
    // of a long queue per call, not one per write.
    for (let from = to, next = positions.length - 1; from >= 0; from--) {
      if (positions[next] === from) next--;
      else this.waiting[to--] = this.waiting[from]!;
    }
    this.waiting.splice(0, positions.length);
    return call;
  }

  /** Removes and returns every waiting write: none of them can be sent (the caller's token was refused). */
  drain(): Waiting[] {
    this.#ready = undefined;
    return this.waiting.splice(0);
  }

  /** A call `take` gave has settled: its resources are free for the writes behind it. */
  done(call: readonly Waiting[]): void {
    this.#order.done(call, resourceOf);
    this.#ready = undefined;
  }

  /**
   * Removes and returns every write whose deadline is before `time`. Deadlines grow in the order
   * writes come (each is its arrival plus the same wait), so those are the first ones.
   */
  expire(time: number): Waiting[] {
    let count = 0;
    while (count < this.waiting.length && this.waiting[count]!.deadline < time) count++;
    if (count === 0) return [];
    this.#ready = undefined;
    return this.waiting.splice(0, count);
  }

  /** The earliest deadline among the waiting writes. */
  get nextDeadline(): number {
    return this.waiting[0]?.deadline ?? Infinity;
  }

  /** Positions of the writes the next call would carry, ascending. */
  #scan(limit: number): number[] {
    return this.#order.next(this.waiting, limit, resourceOf);
  }
}

function resourceOf(waiting: Waiting): string {
  return waiting.write.resource;
}
