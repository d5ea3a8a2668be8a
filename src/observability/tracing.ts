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

/** Makes `span` the operation span of the GraphQL operation whose context object is `graphqlContext`. */
export function setOperationSpan(graphqlContext: object, operation: Context): void {
  operations.set(graphqlContext, operation);
}

/** The operation's span, if it is being recorded. */
export function operationSpanOf(graphqlContext: object): Span | undefined {
  const operation = operations.get(graphqlContext);
  return operation && trace.getSpan(operation);
}

/**
 * Runs one write of a mutation field inside a span of its own (`upsertEvent`, `deleteEvent`, …),
 * child of its operation's span, which ends with the write's outcome: its entry's status, or the
 * code of its call's failure. Without a recorded operation span (tracing off, or the trace not
 * sampled), `send` runs with no span and nothing is allocated.
 *
 * The operation is found by the GraphQL context object rather than through a context manager:
 * no AsyncLocalStorage is registered, which on Node.js 20 and 22 would cost every promise of
 * every request.
 *
 * ```ts
 * const result = await traceWrite(context, write.kind, (trace) => batcher.submit(caller, { ...write, trace }));
 * ```
 */
export function traceWrite(
  graphqlContext: object,
  kind: string,
  send: (trace: WriteTrace | undefined) => Promise<EntryResult>,
): Promise<EntryResult> {
  const operation = operations.get(graphqlContext);
  if (!operation) return send(undefined);
  return traced(kind, operation, send);
}

async function traced(
  kind: string,
  operation: Context,
  send: (trace: WriteTrace | undefined) => Promise<EntryResult>,
): Promise<EntryResult> {
  // Its call's span has the data center: a field span stays small, as there is one per field.
  const span = tracer.startSpan(kind, { attributes: { 'cronofy.write.kind': kind } }, operation);
  try {
    const result = await send({ field: span.spanContext(), operation });
    span.setAttribute('cronofy.entry.status', result.status);
    if (!isSuccess(result.status)) span.setStatus({ code: SpanStatusCode.ERROR, message: `entry status ${result.status}` });
    return result;
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
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
