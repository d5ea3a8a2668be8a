import fc from 'fast-check';
import { deleteEventField, type Operation, repeat } from './request.js';

/**
 * Directives by the hundred: `@skip`/`@include` with literals or variables (writes that are
 * skipped still count as written, so a limit cannot be stepped around by skipping), the same
 * directive repeated on one field (invalid: `@skip` is not repeatable), and unknown directives.
 * Counts go past MAX_DIRECTIVES (500).
 */
export interface DirectivesAttack {
  kind: 'directives';
  target: 'batchLimit' | 'write';
  fields: number;
  perField: number;
  form: 'skipInclude' | 'variables' | 'repeated' | 'unknown';
  /** Whether the fields are skipped (`@skip(if: true)` or its variable) or kept. */
  skip: boolean;
}

/** Directives of one document together, so that it stays under about 3 MB. */
const MAX_DIRECTIVES = 150_000;

export const directivesAttacks: fc.Arbitrary<DirectivesAttack> = fc
  .record({
    kind: fc.constant('directives' as const),
    target: fc.constantFrom('write' as const, 'batchLimit' as const),
    fields: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 100, max: 1_500 })),
    perField: fc.oneof(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 3, max: 2_000 })),
    form: fc.constantFrom('skipInclude' as const, 'variables' as const, 'repeated' as const, 'unknown' as const),
    skip: fc.boolean(),
  })
  .map((attack) => ({ ...attack, perField: Math.max(1, Math.min(attack.perField, Math.floor(MAX_DIRECTIVES / attack.fields))) }));

export function directivesOperation(attack: DirectivesAttack): Operation {
  const directives = (() => {
    switch (attack.form) {
      case 'skipInclude':
        return `@skip(if: ${attack.skip}) @include(if: true)`;
      case 'variables':
        return '@skip(if: $skip) @include(if: $keep)';
      case 'repeated':
        return repeat(attack.perField, (i) => (i % 2 ? `@include(if: ${!attack.skip})` : `@skip(if: ${attack.skip})`));
      case 'unknown':
        return repeat(attack.perField, (i) => `@hostile${i % 7}`);
    }
  })();
  const field = (i: number) =>
    attack.target === 'write'
      ? deleteEventField(`directive-${i}`, `d${i}`).replace(') {', `) ${directives} {`)
      : `d${i}: batchLimit ${directives}`;
  const operation = attack.target === 'write' ? 'mutation' : 'query';
  const variables = attack.form === 'variables' ? '($skip: Boolean! = false, $keep: Boolean = true)' : '';
  return {
    query: `${operation} Directives${variables} { ${repeat(attack.fields, field)} }`,
    ...(attack.form === 'variables' ? { variables: { skip: attack.skip } } : {}),
  };
}
