import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { UpstreamError } from '../cronofy/errors.js';
import { describeStatus } from '../cronofy/statuses.js';
import type { FieldError as FieldErrorShape } from '../entries/write.js';
import { type Answer, attemptMayHaveApplied, CallFailure } from '../resilience/call-outcome.js';
import { builder } from './builder.js';

/** The caller's input was refused, by this layer before sending or by Cronofy's 422. */
export class ValidationError {
  constructor(
    readonly message: string,
    readonly fieldErrors: FieldErrorShape[],
  ) {}
}

/** Cronofy answered this entry with a status other than 2xx or 422. */
export class CronofyRequestError {
  constructor(
    readonly message: string,
    readonly status: number,
  ) {}
}

export const ErrorInterface = builder.interfaceRef<{ message: string }>('Error').implement({
  description: 'Something the caller can read and act on; every error member of a result union implements it.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldError = builder.objectRef<FieldErrorShape>('FieldError').implement({
  description: "One problem with one input field, in Cronofy's 422 vocabulary.",
  fields: (t) => ({
    field: t.exposeString('field', {
      description:
        'The input field, as named in this schema (camelCase), e.g. "summary"; nested fields dotted and list items indexed, e.g. "location.lat", "subscriptions[0].transitions[1].before". A Cronofy 422 about the zone of start or end is on "startTzid" or "endTzid". When inSchema is false: the name Cronofy gave, exactly as it wrote it, for a field this schema does not have.',
    }),
    inSchema: t.boolean({
      description:
        "False when field is Cronofy's own name for a field this schema does not have (a parameter Cronofy added since, say); true for every field this schema has, and for every refusal made before sending.",
      resolve: (error) => error.inSchema !== false,
    }),
    key: t.exposeString('key', {
      description:
        'Machine-readable reason: Cronofy\'s ("errors.required", "errors.too_long", "errors.invalid", …) or this layer\'s ("errors.null", "errors.end_before_start", "errors.end_not_after_start").',
    }),
    description: t.exposeString('description', { description: 'Human-readable reason.' }),
  }),
});

export const ValidationErrorType = builder.objectType(ValidationError, {
  name: 'ValidationError',
  description:
    'The write was refused for its input and not applied: by Cronofy (422), or by this layer before anything was sent. Fix the fields named and send it again.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldError], resolve: (error) => error.fieldErrors }),
  }),
});

export const CronofyRequestErrorType = builder.objectType(CronofyRequestError, {
  name: 'CronofyRequestError',
  description:
    'Cronofy answered this write with a non-2xx status other than 422: 402 (plan lacks the feature), 403 (token lacks the scope), 404 (calendar or event not found), 423 (provider credentials invalid), 429 (rate limited) or 5xx.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof CronofyRequestError,
  fields: (t) => ({
    status: t.exposeInt('status', { description: "The entry's HTTP status as Cronofy gave it." }),
  }),
});

/**
 * The union member for an entry Cronofy answered with a status other than 2xx: its 422's field
 * errors, or its status in words; either says so when an earlier attempt may have applied it.
 */
export function answerError(answer: Answer, fieldErrors: FieldErrorShape[]): ValidationError | CronofyRequestError {
  const applied = answer.mayHaveApplied
    ? ` This write was sent more than once and an attempt's outcome is unknown (a timeout, a reset, a 5xx or an unreadable answer); that attempt may have applied it${
        answer.status === 404 ? ', so this 404 may only mean it was already done' : ''
      }.`
    : '';
  if (answer.status === 422)
    return new ValidationError(`Cronofy refused the input (422): ${describeFieldErrors(fieldErrors)}${applied}`, fieldErrors);
  return new CronofyRequestError(describeStatus(answer.status) + applied, answer.status);
}

export function describeFieldErrors(errors: FieldErrorShape[]): string {
  return errors.length === 0 ? 'no reason given.' : errors.map((e) => e.description).join(' ');
}

/** A whole-call failure, at the path of every field of that call. */
export function callError(error: UpstreamError): GraphQLError {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.status !== undefined) extensions.upstreamStatus = error.status;
  if (error.retryAfterMs !== undefined) extensions.retryAfter = Math.ceil(error.retryAfterMs / 1000);
  return createGraphQLError(error instanceof CallFailure ? failureMessage(error) : error.message, { extensions });
}

/**
 * What a caller reads of a call that failed: what ended it, whether anything of it may have been
 * applied, how often it was retried, and what to do.
 */
export function failureMessage(failure: CallFailure): string {
  const { ending, mayHaveApplied } = failure;
  switch (ending.kind) {
    case 'failed':
      return mayHaveApplied ? `${ending.error.message}${EARLIER}` : ending.error.message;
    case 'unavailable': {
      // The last attempt's own message says when that one may have been applied.
      const earlier = mayHaveApplied && !attemptMayHaveApplied(ending.error) ? EARLIER : '';
      return `${ending.error.message}${earlier}${retried(failure.retries)}`;
    }
    case 'rate-limited': {
      const applied = mayHaveApplied
        ? 'this attempt was not applied, but an earlier attempt may have been applied'
        : 'nothing of this call was applied';
      return `Cronofy's rate limit for this application is exhausted (429); ${applied}.${retried(failure.retries)} Try again in ${seconds(ending.retryAfterMs)} s.`;
    }
    case 'token-refused': {
      const sent = mayHaveApplied
        ? 'this retry was not sent, but an earlier attempt of this call may have been applied'
        : 'this write was not sent and nothing of it was applied';
      if (!ending.serverHeld) {
        return `Cronofy refused this access token (401) for an earlier write, so ${sent}. Send it again with a fresh access token.`;
      }
      return (
        `Cronofy refused the server's access token (401) for an earlier write, even right after refreshing it, so ${sent}. ` +
        `Check the server's Cronofy credentials; writes with them are answered this way for ${seconds(ending.retryAfterMs)} s more, then the server refreshes again.`
      );
    }
  }
}

const EARLIER = ' An earlier attempt of this call may have been applied.';

function retried(retries: number): string {
  return retries === 0 ? '' : ` Retried ${retries} ${retries === 1 ? 'time' : 'times'} within the deadline.`;
}

function seconds(ms: number | undefined): number {
  return Math.max(1, Math.ceil((ms ?? 0) / 1000));
}
