import { answerOf, ANY_RESULT } from './stack.js';

/**
 * Builds mutation documents from plain write descriptions and reads back what each write's field
 * answered, for tests that generate many writes (property and soak) and must check every one.
 *
 * ```ts
 * const op = buildOperation([{ write: { kind: 'deleteEvent', input } }, { batch: [w1, w2] }]);
 * const { body } = await stack.post({ query: op.query, variables: op.variables }, headers);
 * const answers = op.slots.map((slot) => answerAt(body, slot.path)); // one per write, in order
 * ```
 */

export type WriteKind =
  'upsertEvent' | 'deleteEvent' | 'editExternalEvent' | 'deleteExternalEvent' | 'upsertAvailablePeriod' | 'deleteAvailablePeriod';

export interface WriteRequest {
  kind: WriteKind;
  input: Record<string, unknown>;
}

/** A root field: one mutation, or the `batch` field with several writes. */
export type RootField = { write: WriteRequest } | { batch: WriteRequest[] };

export interface Slot {
  /** Where the write's answer is: `[alias]`, or `[alias, index]` for an item of `batch`. */
  path: [string] | [string, number];
  write: WriteRequest;
}

export interface BuiltOperation {
  query: string;
  variables: Record<string, unknown>;
  slots: Slot[];
}

/** What one write's field answered: a result object, or an error at its path. */
export type Answer =
  | { answer: 'result'; typename: string; status?: number; message?: string; ids: Record<string, string> }
  | { answer: 'error'; code: string; message: string }
  /** Neither a result nor an error at its path, or both: never acceptable. */
  | { answer: 'missing' }
  | { answer: 'both' };

const INPUT_TYPES: Record<WriteKind, string> = {
  upsertEvent: 'UpsertEventInput!',
  deleteEvent: 'DeleteEventInput!',
  editExternalEvent: 'EditExternalEventInput!',
  deleteExternalEvent: 'DeleteExternalEventInput!',
  upsertAvailablePeriod: 'UpsertAvailablePeriodInput!',
  deleteAvailablePeriod: 'DeleteAvailablePeriodInput!',
};

export function successTypeOf(kind: WriteKind) {
  return `${kind[0]!.toUpperCase()}${kind.slice(1)}Success` as Parameters<typeof answerOf>[0];
}

/** One operation with an aliased field per write (`w0`, `w1`, …), each input in its own variable. */
export function buildOperation(fields: RootField[]): BuiltOperation {
  const definitions: string[] = [];
  const selections: string[] = [];
  const variables: Record<string, unknown> = {};
  const slots: Slot[] = [];
  fields.forEach((field, i) => {
    const alias = `w${i}`;
    if ('write' in field) {
      definitions.push(`$v${i}: ${INPUT_TYPES[field.write.kind]}`);
      selections.push(`${alias}: ${field.write.kind}(input: $v${i}) { ${answerOf(successTypeOf(field.write.kind))} }`);
      variables[`v${i}`] = field.write.input;
      slots.push({ path: [alias], write: field.write });
    } else {
      definitions.push(`$v${i}: [BatchRequestInput!]!`);
      selections.push(`${alias}: batch(requests: $v${i}) { ${ANY_RESULT} }`);
      variables[`v${i}`] = field.batch.map((w) => ({ [w.kind]: w.input }));
      field.batch.forEach((write, index) => slots.push({ path: [alias, index], write }));
    }
  });
  return { query: `mutation Writes(${definitions.join(', ')}) {\n  ${selections.join('\n  ')}\n}`, variables, slots };
}

interface ResponseBody {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

/** The answer at `path` of one operation's response. */
export function answerAt(body: ResponseBody, path: Slot['path']): Answer {
  const [alias, index] = path;
  const field = body.data?.[alias];
  const value = index === undefined ? field : Array.isArray(field) ? field[index] : undefined;
  const errors = (body.errors ?? []).filter(
    (e) => e.path?.[0] === alias && (index === undefined ? e.path.length === 1 : e.path[1] === index || e.path.length === 1),
  );
  const hasResult = value !== null && value !== undefined;
  if (hasResult && errors.length > 0) return { answer: 'both' };
  if (errors.length > 1) return { answer: 'both' };
  if (errors.length === 1) return { answer: 'error', code: errors[0]!.extensions?.code, message: errors[0]!.message };
  if (!hasResult) return { answer: 'missing' };
  const { __typename, status, message, fieldErrors: _fieldErrors, ...ids } = value;
  return { answer: 'result', typename: __typename, status, message, ids };
}
