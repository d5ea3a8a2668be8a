import type { FieldError as FieldErrorShape } from '../entries/write.js';
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
