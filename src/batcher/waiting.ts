import type { Write } from '../entries/write.js';
import type { WriteTrace } from '../observability/tracing.js';
import type { Answer } from '../resilience/call-outcome.js';
import type { CallerQueue } from './caller-queue.js';

/** Where the writes of one turn are answered, each at its position (see `TurnAnswers`). */
export interface AnswerSink {
  answer(position: number, result: Answer | Error): void;
}

/**
 * One write from its submission until it is answered: what it was submitted with, where its
 * answer goes and where it waits. Thousands of them are alive while calls are in flight, and the
 * young generation's collector copies every byte of them, so it is one object per write: the
 * answer goes to its turn's shared sink by position (no closure per write), and it knows its own
 * queue and whether it is waiting in it (no wrapper in the arrivals list, no set of the waiting).
 *
 * ```ts
 * const waiting = new Waiting(write, operation, trace); // the batcher's DataLoader key
 * waiting.answerTo(sink, position, deadline);           // once its turn is collected
 * waiting.settle(result);                               // the first answer counts, later ones are ignored
 * ```
 */
export class Waiting {
  /** When it stops waiting for a slot and is answered RATE_LIMITED instead. */
  deadline = 0;
  /** Its caller's queue, once `Turns` has put it there. */
  queue: CallerQueue | undefined = undefined;
  /** In its queue's `waiting` list: not yet taken into a call, expired or drained. Kept by `Turns`. */
  queued = false;
  #sink: AnswerSink | undefined = undefined;
  #position = 0;
  #settled = false;

  constructor(
    readonly write: Write,
    /** The operation that asked for it (see `SubmitOptions`). */
    readonly operation?: object,
    /** Its field's span and operation, when tracing is on. */
    readonly trace?: WriteTrace,
  ) {}

  /** Its answer goes to `sink` at `position`; it waits for a slot until `deadline`. */
  answerTo(sink: AnswerSink, position: number, deadline: number): this {
    this.#sink = sink;
    this.#position = position;
    this.deadline = deadline;
    return this;
  }

  /** Answers it; only the first answer counts. */
  settle(result: Answer | Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#sink?.answer(this.#position, result);
  }
}

/**
 * The answers of one turn's writes, in their order: one promise for them all, resolved when the
 * last is answered, not one per write and a Promise.all over them.
 */
export class TurnAnswers implements AnswerSink {
  readonly #results: Array<Answer | Error>;
  #unanswered: number;

  constructor(
    count: number,
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
