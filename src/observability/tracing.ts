import { type Context, ProxyTracerProvider, type Span, type SpanContext, SpanStatusCode, trace } from '@opentelemetry/api';
import { type EntryResult, isSuccess } from '../cronofy/batch.js';
import { UpstreamError } from '../cronofy/errors.js';

/**
 * This service's tracer. Until an SDK registers a tracer provider (`startTracing`, from the
 * OTEL_* variables) it is the API's no-op tracer, and nothing below creates a span.
 */
export const tracer = trace.getTracer('cronofy-batch-graphql');

/** The API's no-op provider, which a `ProxyTracerProvider` delegates to until an SDK registers one. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/** Whether a tracer provider is registered: only then are the tracing plugin and its spans set up. */
export function tracingIsOn(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NOOP_PROVIDER;
}

/**
 * What a write carries for its call's span: its field's span, to link to, and the context the
 * field ran in (its operation's span), to parent the call span on. Absent when tracing is off or
 * the operation is not sampled.
 */
export interface WriteTrace {
  field: SpanContext;
  operation: Context;
}

/** The context of each traced operation's span, by its GraphQL context object (`useTracing`). */
const operations = new WeakMap<object, Context>();
/** Whether any operation was traced in this process: until then, a write looks nothing up. */
let operationsTraced = false;

/** Makes `operation` (a context holding its span) the span of the GraphQL operation whose context object is `graphqlContext`. */
export function setOperationSpan(graphqlContext: object, operation: Context): void {
  operationsTraced = true;
  operations.set(graphqlContext, operation);
}

/** The operation's span, if it is being recorded. */
export function operationSpanOf(graphqlContext: object): Span | undefined {
  const operation = operations.get(graphqlContext);
  return operation && trace.getSpan(operation);
}

/**
 * Starts the span of one write of a mutation field (`upsertEvent`, `deleteEvent`, …), child of its
 * operation's span, or answers undefined when the operation is not traced (tracing off, or the
 * trace not sampled): then it costs one test of a boolean. The operation is found by its GraphQL
 * context object rather than through a context manager: no AsyncLocalStorage is registered, which
 * on Node.js 20 and 22 would cost every promise of every request.
 *
 * ```ts
 * const span = startWriteSpan(context, write.kind);
 * const result = await batcher.submit(caller, write, { operation: context, trace: span?.trace }); // and span?.failed(error)
 * span?.answered(result);
 * ```
 */
export function startWriteSpan(graphqlContext: object, kind: string): WriteSpan | undefined {
  if (!operationsTraced) return undefined;
  const operation = operations.get(graphqlContext);
  return operation && new WriteSpan(kind, operation);
}

/** A write's span: from its resolver to its own answer, the wait for a call slot included. */
export class WriteSpan {
  /** For the span of the call that carries the write. */
  readonly trace: WriteTrace;
  readonly #span: Span;

  constructor(kind: string, operation: Context) {
    // Its call's span has the data center: a write span stays small, as there is one per field.
    this.#span = tracer.startSpan(kind, { attributes: { 'cronofy.write.kind': kind } }, operation);
    this.trace = { field: this.#span.spanContext(), operation };
  }

  /** Ends it with the status Cronofy gave the write's entry. */
  answered(result: EntryResult): void {
    this.#span.setAttribute('cronofy.entry.status', result.status);
    if (!isSuccess(result.status)) this.#span.setStatus({ code: SpanStatusCode.ERROR, message: `entry status ${result.status}` });
    this.#span.end();
  }

  /** Ends it with its call's failure. */
  failed(error: unknown): void {
    failed(this.#span, error);
    this.#span.end();
  }
}

/**
 * Marks a span failed by `error`'s stable code (and HTTP status), never its message: messages
 * may quote what a caller sent.
 */
export function failed(span: Span, error: unknown): void {
  const code = error instanceof UpstreamError ? error.code : 'INTERNAL';
  span.setAttribute('error.type', code);
  if (error instanceof UpstreamError && error.status !== undefined) span.setAttribute('http.response.status_code', error.status);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}
