import { familyOf, isWhole } from '../entries/write.js';

/**
 * How far into a queue a call is looked for: a queue longer than this (thousands of writes to one
 * event) is served from its head, so forming a call stays cheap however much is waiting.
 */
const SCAN_LIMIT = 2_000;

/**
 * The order one caller's writes reach Cronofy in. Cronofy does not promise to apply a call's
 * entries in order, so writes whose resources overlap go in sequential calls, in the order they
 * came: equal resources overlap, and so do a family's whole resource (`available-period`, the bulk
 * delete) and each of its members (`available-period:focus`). A call takes writes from the front,
 * passing over any that overlaps a call in flight or a write passed over before it.
 *
 * ```ts
 * const order = new ResourceOrder();
 * const positions = order.take(waiting, 50, resourceOf); // which waiting writes the next call carries
 * order.done(call, resourceOf);                           // once that call has settled
 * ```
 */
export class ResourceOrder {
  /** Resources written by calls in flight; none while no call is. */
  #inFlight: Overlaps | undefined;

  /** No call is in flight. */
  get idle(): boolean {
    return this.#inFlight === undefined;
  }

  /**
   * Positions (ascending, at most `limit`) of the writes the next call may carry, among `waiting`
   * (oldest first; `resourceOf` reads a write's resource).
   */
  next<T>(waiting: readonly T[], limit: number, resourceOf: (write: T) => string): number[] {
    const positions: number[] = [];
    // Nothing in flight, or nothing ahead yet, can hold a write back: those checks are skipped,
    // and the writes ahead are only recorded while another may still be taken.
    const inFlight = this.#inFlight;
    let ahead: Overlaps | undefined;
    const end = Math.min(waiting.length, SCAN_LIMIT);
    for (let position = 0; position < end && positions.length < limit; position++) {
      const resource = resourceOf(waiting[position]!);
      if (!inFlight?.overlaps(resource) && !ahead?.overlaps(resource)) {
        positions.push(position);
        if (positions.length === limit) break;
      }
      // Whether it goes or waits, nothing behind it that overlaps it may go in this call.
      (ahead ??= new Overlaps()).add(resource);
    }
    return positions;
  }

  /** As `next`, and the writes chosen are in a call now: `done` once it has settled. */
  take<T>(waiting: readonly T[], limit: number, resourceOf: (write: T) => string): number[] {
    const positions: number[] = [];
    // A write taken is in flight at once: what overlaps it is held back by the writes in flight
    // as it would be by the writes ahead, so only the writes passed over need a table of their
    // own, which most calls never make.
    let passedOver: Overlaps | undefined;
    const end = Math.min(waiting.length, SCAN_LIMIT);
    for (let position = 0; position < end && positions.length < limit; position++) {
      const resource = resourceOf(waiting[position]!);
      if (this.#inFlight?.overlaps(resource) || passedOver?.overlaps(resource)) {
        (passedOver ??= new Overlaps()).add(resource);
      } else {
        positions.push(position);
        this.sent(resource);
      }
    }
    return positions;
  }

  /** A write to `resource` is in a call now. */
  sent(resource: string): void {
    (this.#inFlight ??= new Overlaps()).add(resource);
  }

  /** The call of a write to `resource` has settled: writes behind it may go. */
  settled(resource: string): void {
    this.#inFlight?.delete(resource);
    if (this.#inFlight?.empty) this.#inFlight = undefined;
  }

  /** A call `take` chose has settled (`call`: its writes): the writes behind them may go. */
  done<T>(call: readonly T[], resourceOf: (write: T) => string): void {
    const inFlight = this.#inFlight;
    if (!inFlight) return;
    // It is all that is in flight (a caller's calls mostly go one at a time): forgotten at once,
    // not a resource at a time, each delete maybe shrinking the table.
    if (call.length === inFlight.count) {
      this.#inFlight = undefined;
      return;
    }
    for (const write of call) inFlight.delete(resourceOf(write));
    if (inFlight.empty) this.#inFlight = undefined;
  }
}

/**
 * A multiset of resources that answers "does this one overlap any of them": equal resources
 * overlap, and a family's whole resource overlaps each of its members (see `familyOf`).
 */
class Overlaps {
  readonly #resources = new Map<string, number>();
  /**
   * Per family, how many of its members (not the whole) are held; counted from the resources
   * only once a whole resource is held or asked about, then kept up to date until none is held.
   * Most writes never meet a whole one, and counting each one's family cost about 100 of the 320
   * ns a write spent in its caller's queue (16 callers taking turns with calls of 50 writes).
   */
  #members: Map<string, number> | undefined;
  /** How many whole resources are held: while none is, a member overlaps only an equal one. */
  #wholes = 0;
  /** Resources held, each as many times as it is. */
  count = 0;

  get empty(): boolean {
    return this.count === 0;
  }

  overlaps(resource: string): boolean {
    if (this.#resources.has(resource)) return true;
    // A whole resource is its own family's name.
    if (isWhole(resource)) return this.#membersByFamily().has(resource);
    return this.#wholes > 0 && this.#resources.has(familyOf(resource).family);
  }

  add(resource: string): void {
    this.#resources.set(resource, (this.#resources.get(resource) ?? 0) + 1);
    this.count++;
    if (isWhole(resource)) {
      this.#wholes++;
      this.#membersByFamily();
    } else if (this.#members) {
      const { family } = familyOf(resource);
      this.#members.set(family, (this.#members.get(family) ?? 0) + 1);
    }
  }

  delete(resource: string): void {
    const count = (this.#resources.get(resource) ?? 0) - 1;
    if (count < 0) return;
    this.count--;
    if (count > 0) this.#resources.set(resource, count);
    else this.#resources.delete(resource);
    if (isWhole(resource)) this.#wholes--;
    else if (this.#members) {
      const { family } = familyOf(resource);
      const members = (this.#members.get(family) ?? 0) - 1;
      if (members > 0) this.#members.set(family, members);
      else this.#members.delete(family);
    }
    if (this.#resources.size === 0) this.#members = undefined;
  }

  /** Counts the members held per family once (linear in the resources held), then keeps them counted. */
  #membersByFamily(): Map<string, number> {
    if (!this.#members) {
      this.#members = new Map();
      for (const [resource, count] of this.#resources) {
        const { family, whole } = familyOf(resource);
        if (!whole) this.#members.set(family, (this.#members.get(family) ?? 0) + count);
      }
    }
    return this.#members;
  }
}
