import { BOUNDS } from './bounds.js';
import fc from 'fast-check';
import { upsertEventValue } from './request.js';

/** `"k0":0,"k1":1,…`, at most 200,000 of them (about 3 MB). */
const keys = (count: number) => Array.from({ length: Math.min(count, 200_000) }, (_, i) => `"k${i}":${i}`).join(',');

/**
 * Bodies that are hostile as JSON before they are GraphQL: variables nested hundreds of thousands
 * deep (a recursive coercion or walk overflows the stack, and JSON.parse itself is slow on them),
 * a body that is one deep array (an HTTP batch of nothing), JSON cut short, huge strings where an
 * id is expected, an input object of 200,000 unknown fields (graphql-js reports each one with the
 * whole object printed in the message) or 200,000 variables the operation does not declare,
 * `__proto__` keys, and members of the wrong type.
 */
export interface RawBodyAttack {
  kind: 'raw';
  form: 'nestedVariables' | 'nestedBody' | 'cutShort' | 'hugeString' | 'manyInputKeys' | 'manyVariables' | 'protoKeys' | 'wrongTypes';
  /** How big: depth, characters or keys, by form. */
  size: number;
  variant: number;
}

const UPSERT = 'mutation Raw($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename } }';

export const rawBodyAttacks: fc.Arbitrary<RawBodyAttack> = fc.record({
  kind: fc.constant('raw' as const),
  form: fc.constantFrom(
    'nestedVariables' as const,
    'nestedBody' as const,
    'cutShort' as const,
    'hugeString' as const,
    'manyInputKeys' as const,
    'manyVariables' as const,
    'protoKeys' as const,
    'wrongTypes' as const,
  ),
  // Up to 2 million: 4 MB of brackets, or of one-character keys, within MAX_BODY_BYTES.
  size: fc.oneof(
    fc.integer({ min: 1, max: 1_000 }),
    fc.integer({ min: 10_000, max: 500_000 }),
    fc.integer({ min: 500_000, max: 2_000_000 }),
  ),
  variant: fc.nat(5),
});

export function rawBody(attack: RawBodyAttack): string {
  const { variant } = attack;
  const size = Math.min(attack.size, largestSize(attack));
  switch (attack.form) {
    case 'nestedVariables': {
      // Deep where an input object is expected, or where a list is.
      const [open, close] = variant % 2 ? ['[', ']'] : ['{"a":', '}'];
      const deep = `${open.repeat(size)}1${close.repeat(size)}`;
      const input = { ...upsertEventValue('raw'), summary: '__DEEP__' };
      return JSON.stringify({ query: UPSERT, variables: { e: input } }).replace('"__DEEP__"', deep);
    }
    case 'nestedBody':
      return `${'['.repeat(size)}{"query":"{ batchLimit }"}${']'.repeat(size)}`;
    case 'cutShort':
      return JSON.stringify({ query: `{ batchLimit ${'dataCenter { id } '.repeat(size % 10_000)}}` }).slice(0, -1 - (variant % 3));
    case 'hugeString':
      return JSON.stringify({
        query: UPSERT,
        variables: { e: { ...upsertEventValue('raw'), [['summary', 'eventId', 'calendarId'][variant % 3]!]: 'x'.repeat(size) } },
      });
    case 'manyInputKeys':
      return `{"query":${JSON.stringify(UPSERT)},"variables":{"e":{${keys(size)}}}}`;
    case 'manyVariables':
      return `{"query":${JSON.stringify(UPSERT)},"variables":{${keys(size)},"e":${JSON.stringify(upsertEventValue('raw'))}}}`;
    case 'protoKeys':
      return [
        `{"query":"{ batchLimit }","__proto__":{"query":${JSON.stringify(UPSERT)}}}`,
        `{"query":${JSON.stringify(UPSERT)},"variables":{"__proto__":{"e":${JSON.stringify(upsertEventValue('proto'))}}}}`,
        `{"query":${JSON.stringify(UPSERT)},"variables":{"e":{"__proto__":${JSON.stringify(upsertEventValue('proto'))}}}}`,
        `{"query":"{ batchLimit }","extensions":{"__proto__":{"polluted":true}},"operationName":"__proto__"}`,
        `[{"query":"{ batchLimit }"},{"__proto__":{"query":"{ batchLimit }"}}]`,
        `{"query":${JSON.stringify(UPSERT)},"variables":{"e":${JSON.stringify({ ...upsertEventValue('proto'), constructor: { prototype: { polluted: true } } })}}}`,
      ][variant]!;
    case 'wrongTypes':
      return [
        `{"query":${size}}`,
        `{"query":["{ batchLimit }"]}`,
        `{"query":"{ batchLimit }","variables":"${'v'.repeat(Math.min(size, 100_000))}"}`,
        `{"query":"{ batchLimit }","operationName":{"name":"x"}}`,
        `{"query":{"kind":"Document","definitions":[]}}`,
        `${size}`,
      ][variant]!;
  }
}

/** The largest `size` whose body stays within MAX_BODY_BYTES, by form (bytes each unit of size takes). */
function largestSize({ form, variant }: RawBodyAttack): number {
  const room = BOUNDS.bodyBytes - 1_000;
  switch (form) {
    case 'nestedBody':
      return Math.floor(room / 2);
    case 'nestedVariables':
      return Math.floor(room / (variant % 2 ? 2 : 6));
    case 'manyInputKeys':
    case 'manyVariables':
      // `"k1999999":1999999,` at the most.
      return Math.floor(room / 20);
    default:
      return room;
  }
}
