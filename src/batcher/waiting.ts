import type { Write } from '../entries/write.js';
import type { WriteTrace } from '../observability/tracing.js';
import type { Answer } from '../resilience/call-outcome.js';
import type { CallerQueue } from './caller-queue.js';

/** In its queue's `waiting` list. */
const QUEUED = 1;
/** Answered: later answers are ignored. */
const SETTLED = 2;

/**
 * One write from its submission until it is answered: what it was submitted with, its turn and
 * its position in it. Thousands of them are alive while calls are in flight, and the young
 * generation's collector copies every byte of them, so it is one small object per write: what
 * the writes of a turn share (their deadline, queue and answers) is kept once, on their `Turn`;
 * it is answered there by position, not through a closure of its own; and it knows whether it is
 * waiting in its queue, so taking turns needs neither a wrapper per write nor a set of them.
 *
 * ```ts
 * const waiting = new Waiting(write, operation, trace); // the batcher's DataLoader key
 * waiting.in(turn, position);                           // once its turn is collected
 * waiting.settle(result);                               // the first answer counts, later ones are ignored
 * ```
 */
export class Waiting {
  #turn: Turn | undefined = undefined;
  #position = 0;
  /** QUEUED and SETTLED. */
  #state = 0;

  constructor(
    readonly write: Write,
    /** The operation that asked for it (see `SubmitOptions`). */
    readonly operation?: object,
    /** Its field's span and operation, when tracing is on. */
    readonly trace?: WriteTrace,
  ) {}

  /** It is the write at `position` of `turn`. */
  in(turn: Turn, position: number): this {
    this.#turn = turn;
    this.#position = position;
    return this;
  }

  /** When it stops waiting for a slot and is answered RATE_LIMITED instead (its turn's). */
  get deadline(): number {
    return this.#turn?.deadline ?? -Infinity;
  }

  /** Its caller's queue, once `Turns` has put it there (its turn's). */
  get queue(): CallerQueue | undefined {
    return this.#turn?.queue;
  }

  set queue(queue: CallerQueue | undefined) {
    if (this.#turn) this.#turn.queue = queue;
  }

  /** In its queue's `waiting` list: not yet taken into a call, expired or drained. Kept by `Turns`. */
  get queued(): boolean {
    return (this.#state & QUEUED) !== 0;
  }

  set queued(queued: boolean) {
    this.#state = queued ? this.#state | QUEUED : this.#state & ~QUEUED;
  }

  /** Answers it; only the first answer counts. */
  settle(result: Answer | Error): void {
    if (this.#state & SETTLED) return;
    this.#state |= SETTLED;
    this.#turn?.answer(this.#position, result);
  }
}

/**
 * What the writes of one caller collected in one turn of the event loop share: when they stop
 * waiting for a slot (the same wait from the same moment), the queue they wait in, and their
 * answers in their order, with one promise for them all, resolved when the last is answered.
 */
export class Turn {
  /** Set by `Turns` as it queues the turn's writes. */
  queue: CallerQueue | undefined = undefined;
  readonly #results: Array<Answer | Error>;
  #unanswered: number;

  constructor(
    count: number,
    readonly deadline: number,
    private readonly resolve: (results: Array<Answer | Error>) => void,
  ) {
    this.#results = new Array<Answer | Error>(count);
    this.#unanswered = count;
  }

  answer(position: number, result: Answer | Error): void {
    this.#results[position] = result;
    if (--this.#unanswered === 0) this.resolve(this.#results);
  }
}
