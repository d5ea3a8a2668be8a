import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, type TextMapGetter, trace } from '@opentelemetry/api';
import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { failed, operationSpanOf, setOperationSpan, tracer } from './tracing.js';

/**
 * One span per GraphQL operation (each operation of an HTTP batch has its own), the child of the
 * caller's W3C `traceparent` when there is one: a router's subgraph request joins the router's
 * trace. It covers parsing, validation and execution; the span of each write (`startWriteSpan`) and,
 * through them, each Cronofy call (`CallTrace`) belong to it, found by the operation's GraphQL
 * context object (no context manager is needed).
 *
 * Named and described as OpenTelemetry's GraphQL conventions say (`mutation CreateEvents`,
 * `graphql.operation.type`, `graphql.operation.name`), without `graphql.document`: a document may
 * hold calendar or event ids as literals. Errors are recorded by their `extensions.code` only
 * (`graphql.error.codes`), never by message: messages may quote the values a caller sent.
 *
 * ```ts
 * createYoga({ schema, plugins: [...(tracingIsOn() ? [useTracing()] : [])] });
 * ```
 *
 * Added only when a tracer provider is registered (`startTracing`): without one, no hook runs.
 */
export function useTracing(): Plugin {
  return {
    instrumentation: {
      operation({ context, request }, wrapped) {
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, HEADERS);
        const span = tracer.startSpan('GraphQL Operation', { kind: SpanKind.SERVER }, parent);
        // An unsampled trace records nothing below the operation either.
        if (span.isRecording()) setOperationSpan(context, trace.setSpan(parent, span));
        const fail = (error: unknown) => {
          failed(span, error);
          span.end();
          throw error;
        };
        let done: ReturnType<typeof wrapped>;
        try {
          done = wrapped();
        } catch (error) {
          return fail(error);
        }
        if (!isPromiseLike(done)) return void span.end();
        return done.then(() => span.end(), fail);
      },
    },
    onExecute({ args }) {
      const span = operationSpanOf(args.contextValue as object);
      if (!span) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const name = operation.name?.value;
      span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
      span.setAttribute('graphql.operation.type', operation.operation);
      if (name) span.setAttribute('graphql.operation.name', name);
    },
    onExecutionResult({ result, context }) {
      const span = operationSpanOf(context);
      if (!span) return;
      const errors = (Array.isArray(result) ? result : [result]).flatMap((one) => (one as ExecutionResult | undefined)?.errors ?? []);
      if (errors.length === 0) return;
      const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
      span.setAttribute('graphql.error.count', errors.length);
      span.setAttribute('graphql.error.codes', codes);
      span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
    },
  };
}

/** Reads a Fetch API `Headers` for the propagators (`traceparent`, `tracestate`, `baggage`). */
const HEADERS: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return typeof (value as PromiseLike<void> | undefined)?.then === 'function';
}
