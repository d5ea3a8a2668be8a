import { createGraphQLError } from 'graphql-yoga';
import { isSuccess } from '../cronofy/batch.js';
import type { Caller } from '../cronofy/credentials.js';
import { UpstreamError } from '../cronofy/errors.js';
import { schemaFieldOf } from '../entries/field-names.js';
import { startWriteSpan } from '../observability/tracing.js';
import type { Built, FieldError, Write, WriteIds, WriteKind } from '../entries/write.js';
import type { Answer } from '../resilience/call-outcome.js';
import type { Context } from './context.js';
import { answerError, callError, type CronofyRequestError, describeFieldErrors, ValidationError } from './errors.js';

/** Cronofy accepted the write (any 2xx status). */
export class WriteSuccess<K extends WriteKind = WriteKind> {
  constructor(
    readonly kind: K,
    readonly status: number,
    readonly ids: WriteIds[K],
  ) {}
}

export type Outcome<K extends WriteKind = WriteKind> = WriteSuccess<K> | ValidationError | CronofyRequestError;

/**
 * The one path every write takes: refuse a request that cannot write, answer refused input
 * without sending it, otherwise queue the entry and turn its own result into the field's answer.
 * A failure of the whole upstream call becomes a GraphQL error at this field's path.
 *
 * Not an async function: a write waits for its call with its field's answer still to make, and
 * an async function's suspended frame, kept for each of a request's writes while the call is in
 * flight, was the largest thing a write left for the young generation's collector to copy.
 */
export function submit<K extends WriteKind>(context: Context, built: Built<K>): Outcome<K> | Promise<Outcome<K>> {
  const caller = requireCaller(context);
  if (!built.ok) {
    return new ValidationError(`The input was refused before sending: ${describeFieldErrors(built.errors)}`, built.errors);
  }
  // Tracing: undefined unless the operation is traced; the write then carries its span's context to its call's span.
  const span = startWriteSpan(context, built.write.kind);
  return context.batcher.submit(caller, built.write, { operation: context, trace: span?.trace }).then(
    (result) => {
      span?.answered(result);
      return outcomeOf(built.write, result);
    },
    (error: unknown) => {
      span?.failed(error);
      throw error instanceof UpstreamError ? callError(error) : error;
    },
  );
}

function outcomeOf<K extends WriteKind>(write: Write<K>, result: Answer): Outcome<K> {
  if (isSuccess(result.status)) return new WriteSuccess(write.kind, result.status, write.ids);
  return answerError(result, result.status === 422 ? fieldErrorsOf(result.data, write) : []);
}

export function requireCaller(context: Context): Caller {
  if ('problem' in context.caller) {
    throw createGraphQLError(context.caller.problem, { extensions: { code: context.caller.code } });
  }
  return context.caller;
}

/**
 * `{"errors": {"event_id": [{"key": ..., "description": ...}]}}` → FieldErrors on the fields the
 * caller wrote (`schemaFieldOf`): `event_id` becomes `eventId`, a zone error of `start` becomes
 * `startTzid`, and a field the schema lacks keeps Cronofy's name with `inSchema: false`.
 */
function fieldErrorsOf(data: Record<string, unknown> | undefined, write: Write): FieldError[] {
  const errors = data?.errors;
  if (typeof errors !== 'object' || errors === null) return [];
  return Object.entries(errors).flatMap(([name, list]) =>
    (Array.isArray(list) ? list : []).map((item: { key?: unknown; description?: unknown }) => {
      const description = typeof item?.description === 'string' ? item.description : `${name} is invalid`;
      const { field, inSchema } = schemaFieldOf(write.kind, name, write.entry.data, description);
      return { field, inSchema, key: typeof item?.key === 'string' ? item.key : 'errors.invalid', description };
    }),
  );
}
