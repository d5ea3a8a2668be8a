import fc from 'fast-check';
import { deleteEventField, type Operation, repeat } from './request.js';

/**
 * Many aliases, long aliases, and aliases that are names of `Object.prototype` (`__proto__`
 * assigned to a plain object changes its prototype instead of adding a key). Counts go past
 * MAX_ALIASES (1,000) so refusals are tried too, and lengths up to the body limit.
 */
export interface AliasAttack {
  kind: 'aliases';
  field: 'batchLimit' | 'dataCenter' | 'write';
  count: number;
  /** Characters of each alias (at least enough to keep them distinct). */
  length: number;
  /** Every `every`-th alias is `special` instead (0: none). */
  special: (typeof SPECIAL_NAMES)[number];
  every: number;
}

const SPECIAL_NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', '__defineGetter__', 'valueOf'] as const;
/** The aliases of one document, together, stay under this many characters. */
const ALIAS_BYTES = 3 * 1024 * 1024;

export const aliasAttacks: fc.Arbitrary<AliasAttack> = fc
  .record({
    field: fc.constantFrom('write' as const, 'batchLimit' as const, 'dataCenter' as const),
    count: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 400, max: 1_200 }), fc.integer({ min: 1_200, max: 6_000 })),
    length: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1_000, max: 200_000 })),
    special: fc.constantFrom(...SPECIAL_NAMES),
    every: fc.constantFrom(0, 1, 2, 7),
  })
  .map((attack) => ({
    kind: 'aliases' as const,
    ...attack,
    length: Math.max(String(attack.count).length + 1, Math.min(attack.length, Math.floor(ALIAS_BYTES / attack.count))),
  }));

export function aliasOperation(attack: AliasAttack): Operation {
  const alias = (i: number) => {
    if (attack.every > 0 && i % attack.every === 0) return attack.special;
    const name = `a${i}`;
    return name + 'x'.repeat(Math.max(0, attack.length - name.length));
  };
  // Two fields under one special alias must be mergeable: same field, same arguments.
  const special = (i: number) => attack.every > 0 && i % attack.every === 0;
  switch (attack.field) {
    case 'batchLimit':
      return { query: `{ ${repeat(attack.count, (i) => `${alias(i)}: batchLimit`)} }` };
    case 'dataCenter':
      return { query: `{ dataCenter { ${repeat(attack.count, (i) => `${alias(i)}: ${special(i) || i % 2 ? 'id' : 'host'}`)} } }` };
    case 'write':
      return { query: `mutation { ${repeat(attack.count, (i) => deleteEventField(special(i) ? 'special' : `alias-${i}`, alias(i)))} }` };
  }
}
