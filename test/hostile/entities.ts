import fc from 'fast-check';
import { CALENDAR, type Operation, repeat } from './request.js';

/**
 * `_entities` as a gateway would never send it: tens of thousands of representations (the issue's
 * finding 6: 50,000 key-less ones took 36 s and logged 61 MB of stacks), representations without
 * their keys, of unknown or non-entity types, not objects at all, with prototype keys, or huge.
 * Sent as a variable (bounded only by the body size) or as a literal list (bounded by tokens).
 */
export interface EntitiesAttack {
  kind: 'entities';
  representation: (typeof REPRESENTATIONS)[number];
  count: number;
  via: 'variable' | 'literal';
  /** Characters of a huge representation's key values. */
  hugeLength: number;
}

const REPRESENTATIONS = ['valid', 'keyless', 'unknownType', 'rootType', 'notObject', 'noTypename', 'protoKeys', 'huge', 'mixed'] as const;
/** Representations of one request together stay under about this many bytes. */
const BYTES = 3 * 1024 * 1024;

export const entitiesAttacks: fc.Arbitrary<EntitiesAttack> = fc
  .record({
    representation: fc.constantFrom(...REPRESENTATIONS),
    count: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1_000, max: 100_000 })),
    via: fc.constantFrom('variable' as const, 'variable' as const, 'literal' as const),
    hugeLength: fc.integer({ min: 1_000, max: 1_000_000 }),
  })
  .map((attack) => {
    const size = JSON.stringify(representation(attack, 0)).length + 1;
    return { kind: 'entities' as const, ...attack, count: Math.max(1, Math.min(attack.count, Math.floor(BYTES / size))) };
  });

export function entitiesOperation(attack: EntitiesAttack): Operation {
  const selection = '{ __typename ... on CalendarEvent { calendarId eventId } ... on AvailablePeriod { availablePeriodId } }';
  if (attack.via === 'variable') {
    return {
      query: `query Entities($r: [_Any!]!) { _entities(representations: $r) ${selection} }`,
      variables: { r: Array.from({ length: attack.count }, (_, i) => representation(attack, i)) },
    };
  }
  return { query: `{ _entities(representations: [${repeat(attack.count, (i) => literal(representation(attack, i)))}]) ${selection} }` };
}

function representation(attack: Pick<EntitiesAttack, 'representation' | 'hugeLength'>, i: number): unknown {
  switch (attack.representation) {
    case 'valid':
      return { __typename: 'CalendarEvent', calendarId: CALENDAR, eventId: `entity-${i}` };
    case 'keyless':
      return { __typename: 'CalendarEvent' };
    case 'unknownType':
      return { __typename: `Nope${i % 10}`, id: i };
    case 'rootType':
      return { __typename: i % 2 ? 'Mutation' : 'Query' };
    case 'notObject':
      return [`text ${i}`, i, true, [i]][i % 4];
    case 'noTypename':
      return { calendarId: CALENDAR, eventId: `entity-${i}` };
    case 'protoKeys':
      return JSON.parse(
        `{"__typename":"CalendarEvent","__proto__":{"calendarId":"${CALENDAR}"},"constructor":{"prototype":{"polluted":true}},"eventId":"e${i}"}`,
      );
    case 'huge':
      return { __typename: 'AvailablePeriod', availablePeriodId: 'x'.repeat(attack.hugeLength) };
    case 'mixed':
      return representation({ ...attack, representation: REPRESENTATIONS[i % 7]! }, i);
  }
}

/** A JSON value as a GraphQL value literal (object keys unquoted). */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(' ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.keys(value)
      .filter((key) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(key))
      .map((key) => `${key}: ${literal((value as Record<string, unknown>)[key])}`)
      .join(' ')} }`;
  }
  return JSON.stringify(value);
}
