import fc from 'fast-check';
import { CALENDAR, type Operation, repeat } from './request.js';

/**
 * Many writes to one resource. Writes to the same event never share a call and go in sequential
 * calls, so `n` of them are `n` calls (the issue's finding 5: 10 operations × 500 writes to one
 * event were 5,000 calls; with a token Cronofy refuses, every one of them was still sent). As
 * aliased root fields, as one `batch` field's list, alternating upserts and deletes, or spread over
 * a few resources; or available-period writes with a bulk delete (`deleteAllAvailablePeriods`,
 * which touches every available period) every third write, as one `batch` field's list. Several
 * of these in one HTTP batch are built by `http-batches.ts`.
 */
export interface WriteChainAttack {
  kind: 'chain';
  form: 'fields' | 'batchList' | 'upsertDelete' | 'bulkDelete';
  writes: number;
  /** Resources the writes take turns on (1: every write to the same event). */
  resources: number;
  resource: 'event' | 'availablePeriod';
}

export const writeChainAttacks: fc.Arbitrary<WriteChainAttack> = fc.record({
  kind: fc.constant('chain' as const),
  form: fc.constantFrom('fields' as const, 'batchList' as const, 'upsertDelete' as const, 'bulkDelete' as const),
  writes: fc.oneof(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 30, max: 500 })),
  resources: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 5 })),
  resource: fc.constantFrom('event' as const, 'availablePeriod' as const),
});

export function writeChainOperation(attack: WriteChainAttack): Operation {
  const id = (i: number) => `chain-${i % attack.resources}`;
  const write = (i: number, kind: 'upsert' | 'delete'): string => {
    if (attack.resource === 'availablePeriod') {
      return kind === 'delete'
        ? `deleteAvailablePeriod: { availablePeriodId: "${id(i)}" }`
        : `upsertAvailablePeriod: { availablePeriodId: "${id(i)}", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }`;
    }
    return kind === 'delete'
      ? `deleteEvent: { calendarId: "${CALENDAR}", eventId: "${id(i)}" }`
      : `upsertEvent: { calendarId: "${CALENDAR}", eventId: "${id(i)}", summary: "Chain ${i}", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }`;
  };
  switch (attack.form) {
    case 'bulkDelete':
      return {
        query: `mutation Chain { batch(requests: [${repeat(attack.writes, (i) =>
          i % 3 === 2
            ? '{ deleteAllAvailablePeriods: { deleteAll: true } }'
            : `{ upsertAvailablePeriod: { availablePeriodId: "${id(i)}", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" } }`,
        )}]) { __typename } }`,
      };
    case 'batchList':
      return {
        query: `mutation Chain { batch(requests: [${repeat(attack.writes, (i) => `{ ${write(i, i % 3 === 0 ? 'upsert' : 'delete')} }`)}]) { __typename } }`,
      };
    case 'fields':
    case 'upsertDelete':
      return {
        query: `mutation Chain { ${repeat(attack.writes, (i) => {
          const kind = attack.form === 'upsertDelete' && i % 2 === 0 ? 'upsert' : 'delete';
          const [field, input] = write(i, kind).split(/: (.*)/s) as [string, string];
          return `w${i}: ${field}(input: ${input}) { __typename }`;
        })} }`,
      };
  }
}
