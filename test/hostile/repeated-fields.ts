import fc from 'fast-check';
import { deleteEventField, type Operation, repeat } from './request.js';

/**
 * The same response key thousands of times. graphql-js' OverlappingFieldsCanBeMerged compares
 * every pair of fields that share a response key, so its work grows with the square of their
 * number (graphql 16.15 meters it and aborts past a budget): bare fields (`{ batchLimit
 * batchLimit … }`, one token each, up to the token limit), fields with a selection, aliased
 * writes sharing one key with equal arguments (mergeable, so valid), or with different arguments
 * (a conflict for every pair).
 */
export interface RepeatedFieldAttack {
  kind: 'repeated';
  form: 'bare' | 'selection' | 'sameWrite' | 'conflictingWrites';
  count: number;
}

/** Tokens per repeated part, by form: the token limit (40,000) bounds how many fit. */
const TOKENS = { bare: 1, selection: 4, sameWrite: 19, conflictingWrites: 19 } as const;
const MAX_TOKENS = 45_000;

export const repeatedFieldAttacks: fc.Arbitrary<RepeatedFieldAttack> = fc
  .record({
    form: fc.constantFrom('bare' as const, 'selection' as const, 'sameWrite' as const, 'conflictingWrites' as const),
    // Past the token limit now and then: the refusal must be as cheap as the acceptance.
    share: fc.oneof({ weight: 3, arbitrary: fc.double({ min: 0.5, max: 1, noNaN: true }) }, fc.double({ min: 0, max: 0.5, noNaN: true })),
  })
  .map(({ form, share }) => ({ kind: 'repeated' as const, form, count: Math.max(2, Math.round((share * MAX_TOKENS) / TOKENS[form])) }));

export function repeatedFieldOperation({ form, count }: RepeatedFieldAttack): Operation {
  switch (form) {
    case 'bare':
      return { query: `{ ${repeat(count, () => 'batchLimit')} }` };
    case 'selection':
      return { query: `{ ${repeat(count, () => 'dataCenter { id }')} }` };
    case 'sameWrite':
      return { query: `mutation { ${repeat(count, () => deleteEventField('same', 'same'))} }` };
    case 'conflictingWrites':
      return { query: `mutation { ${repeat(count, (i) => deleteEventField(`e${i}`, 'same'))} }` };
  }
}
