import fc from 'fast-check';
import { deleteEventItem, deleteEventValue, type Operation, repeat, upsertEventValue } from './request.js';

/**
 * Writes hidden in variables: a `[BatchRequestInput!]` default of up to 2,000 items used by up
 * to 50 aliased `batch` fields (the issue's finding 2: 100,000 writes past a limit of 500), the
 * same list sent as the variable's value instead, a single-item variable repeated in list
 * literals, and an `UpsertEventInput` default used by many `upsertEvent` fields. Every limit is
 * about the writes that will run, whichever way they are written.
 */
export interface DefaultsAttack {
  kind: 'defaults';
  form: 'listDefault' | 'listSent' | 'itemInLists' | 'inputDefault';
  items: number;
  fields: number;
  /** Event ids: all distinct, a few shared, or all the same one (a same-resource chain). */
  ids: 'distinct' | 'few' | 'same';
}

export const defaultsAttacks: fc.Arbitrary<DefaultsAttack> = fc.record({
  kind: fc.constant('defaults' as const),
  form: fc.constantFrom('listDefault' as const, 'listSent' as const, 'itemInLists' as const, 'inputDefault' as const),
  items: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 100, max: 2_000 })),
  fields: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 10, max: 50 })),
  ids: fc.constantFrom('distinct' as const, 'few' as const, 'same' as const),
});

/** The writes the operation asks for once its variables are coerced: what the limits are about. */
export function writesOf(attack: DefaultsAttack): number {
  return attack.form === 'inputDefault' ? inputFields(attack) : attack.items * attack.fields;
}

const inputFields = (attack: DefaultsAttack) => attack.fields * Math.max(1, Math.round(attack.items / 20));

export function defaultsOperation(attack: DefaultsAttack): Operation {
  const id = (i: number) => (attack.ids === 'same' ? 'default-same' : attack.ids === 'few' ? `default-${i % 3}` : `default-${i}`);
  const batchFields = (argument: (field: number) => string) =>
    repeat(attack.fields, (field) => `b${field}: batch(requests: ${argument(field)}) { __typename }`);
  switch (attack.form) {
    case 'listDefault':
      return {
        query: `mutation Defaults($r: [BatchRequestInput!]! = [${repeat(attack.items, (i) => deleteEventItem(id(i)))}]) { ${batchFields(() => '$r')} }`,
      };
    case 'listSent':
      return {
        query: `mutation Sent($r: [BatchRequestInput!]!) { ${batchFields(() => '$r')} }`,
        variables: { r: Array.from({ length: attack.items }, (_, i) => deleteEventValue(id(i))) },
      };
    case 'itemInLists':
      return {
        query: `mutation Items($one: BatchRequestInput! = ${deleteEventItem(id(0))}) { ${batchFields(() => `[${repeat(attack.items, () => '$one', ', ')}]`)} }`,
      };
    case 'inputDefault': {
      const input = upsertEventValue(id(0));
      const literal = `{ ${Object.entries(input)
        .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
        .join(', ')} }`;
      return {
        query: `mutation Input($e: UpsertEventInput! = ${literal}) { ${repeat(inputFields(attack), (i) => `u${i}: upsertEvent(input: $e) { __typename }`)} }`,
      };
    }
  }
}
