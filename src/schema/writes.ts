import type { InputObjectRef, ObjectRef } from '@pothos/core';
import type { Built, WriteIds, WriteKind } from '../entries/write.js';
import { batchable, writeResource } from './batchable.js';
import { builder } from './builder.js';
import { CronofyRequestErrorType, ValidationError, ValidationErrorType } from './errors.js';
import { type Outcome, submit, WriteSuccess } from './submit.js';

type SchemaTypes = typeof builder.$inferSchemaTypes;

const ID_DESCRIPTIONS: Record<string, string> = {
  calendarId: 'The calendar written to.',
  eventId: 'Your own id of the event.',
  eventUid: "Cronofy's id of the external event.",
  availablePeriodId: 'Your own id of the available period.',
};

export interface WriteDefinition<K extends WriteKind, Input> {
  kind: K;
  description: string;
  input: InputObjectRef<SchemaTypes, Input>;
  build: (input: Input) => Built<K>;
  successDescription: string;
  ids: ReadonlyArray<keyof WriteIds[K] & string>;
  /**
   * A field on the success type answering the federation entity the write was about, built from
   * its ids; none for a write that names no one entity (the bulk delete).
   */
  entity?: { field: string; type: ObjectRef<SchemaTypes, WriteIds[K]>; description: string };
}

/** A write the schema offers, as the `batch` field accepts it in its input and answers it in its list. */
export interface SchemaWrite {
  kind: WriteKind;
  input: InputObjectRef<SchemaTypes, unknown>;
  build: (input: unknown) => Built;
  success: ReturnType<typeof successType>;
}

/**
 * Declares one batchable mutation: `<kind>(input: <Kind>Input!): <Kind>Result`, where the result
 * union is `<Kind>Success | ValidationError | CronofyRequestError`. The field is nullable so that
 * a failed call nulls only this field, never its siblings. Returns the write, for `batch` to offer.
 */
export function defineWrite<K extends WriteKind, Input>(definition: WriteDefinition<K, Input>): SchemaWrite {
  const name = typeNameOf(definition.kind);
  const success = successType(definition, name);
  const result = builder.unionType(`${name}Result`, {
    description: `What became of one ${name} write.`,
    types: [success, ValidationErrorType, CronofyRequestErrorType],
    resolveType: outcomeTypeName,
  });
  builder.mutationField(definition.kind, (t) =>
    t.field({
      type: result,
      nullable: true,
      description: definition.description,
      args: { input: t.arg({ type: definition.input, required: true }) },
      extensions: batchable({ count: () => 1, resources: (args) => [writeResource(definition.kind, args.input)] }),
      resolve: (_root, args, context) => submit(context, definition.build((args as { input: Input }).input)),
    }),
  );
  return {
    kind: definition.kind,
    input: definition.input as InputObjectRef<SchemaTypes, unknown>,
    build: definition.build as (input: unknown) => Built,
    success,
  };
}

function successType<K extends WriteKind>(
  definition: Pick<WriteDefinition<K, unknown>, 'kind' | 'successDescription' | 'ids' | 'entity'>,
  name: string,
) {
  return builder.objectRef<WriteSuccess>(`${name}Success`).implement({
    description: definition.successDescription,
    isTypeOf: (value) => value instanceof WriteSuccess && value.kind === definition.kind,
    fields: (t) => ({
      status: t.exposeInt('status', { description: 'The 2xx status Cronofy gave this entry (202 Accepted, as documented).' }),
      ...Object.fromEntries(
        definition.ids.map((id) => [
          id,
          t.string({ description: ID_DESCRIPTIONS[id], resolve: (written) => (written.ids as Record<string, string>)[id]! }),
        ]),
      ),
      ...(definition.entity && {
        [definition.entity.field]: t.field({
          // The ids of a write are exactly its entity's key fields.
          type: definition.entity.type as ObjectRef<SchemaTypes, object>,
          description: definition.entity.description,
          resolve: (written) => written.ids,
        }),
      }),
    }),
  });
}

/** `upsertEvent` → `UpsertEvent`, the stem of its input, result and success type names. */
function typeNameOf(kind: WriteKind): string {
  return kind[0]!.toUpperCase() + kind.slice(1);
}

/**
 * The member of a result union an outcome is, named directly, so that graphql-js resolves it
 * without asking each member's `isTypeOf`.
 */
export function outcomeTypeName(outcome: Outcome): string {
  if (outcome instanceof WriteSuccess) return `${typeNameOf(outcome.kind)}Success`;
  return outcome instanceof ValidationError ? 'ValidationError' : 'CronofyRequestError';
}
