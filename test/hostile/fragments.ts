import fc from 'fast-check';
import { deleteEventField, type Operation } from './request.js';

/**
 * Documents built from named fragments: a chain (each fragment spreads the next once), repeats
 * (spreads the next `fan` times: `fan^depth` paths through a few hundred bytes), diamonds (spreads
 * `fan` distinct fragments that all spread the next: the same blow-up under different names) and
 * inline fragments wrapped around the spreads. A walk that visits a fragment again at every spread
 * does `fan^depth` work (the issue's finding 1: doubled, 24 deep, blocked the loop for seconds).
 */
export interface FragmentAttack {
  kind: 'fragments';
  operation: 'query' | 'mutation';
  shape: 'chain' | 'repeat' | 'diamond';
  depth: number;
  /** Spreads per level (1 for a chain). */
  fan: number;
  /** What the last fragment holds. */
  leaf: 'typename' | 'field' | 'writes';
  /** Wrap every level's spreads in `... on <Root> { }`. */
  inline: boolean;
}

/** Above this many paths the walk is not worth waiting for even when it is the only thing wrong. */
const MAX_PATHS_LOG2 = 26;

export const fragmentAttacks: fc.Arbitrary<FragmentAttack> = fc
  .record({
    // Mutations are walked for the mutation limits as well as by graphql-js: most runs are mutations.
    operation: fc.oneof({ weight: 3, arbitrary: fc.constant('mutation' as const) }, fc.constant('query' as const)),
    shape: fc.oneof(
      { weight: 2, arbitrary: fc.constant('repeat' as const) },
      { weight: 2, arbitrary: fc.constant('diamond' as const) },
      fc.constant('chain' as const),
    ),
    fan: fc.integer({ min: 2, max: 4 }),
    // Deep documents are the interesting ones: most runs are near the most paths allowed.
    depth: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 18, max: 26 }) }, fc.integer({ min: 1, max: 17 })),
    chainDepth: fc.integer({ min: 1, max: 400 }),
    leaf: fc.constantFrom('writes' as const, 'field' as const, 'typename' as const),
    inline: fc.boolean(),
  })
  .map(({ shape, fan, depth, chainDepth, ...rest }) => {
    if (shape === 'chain') return { kind: 'fragments' as const, shape, fan: 1, depth: chainDepth, ...rest };
    const maxDepth = Math.floor(MAX_PATHS_LOG2 / Math.log2(fan));
    return { kind: 'fragments' as const, shape, fan, depth: Math.min(depth, maxDepth), ...rest };
  });

export function fragmentOperation(attack: FragmentAttack): Operation {
  const root = attack.operation === 'mutation' ? 'Mutation' : 'Query';
  const wrap = (spreads: string) => (attack.inline ? `... on ${root} { ${spreads} }` : spreads);
  const definitions: string[] = [];
  for (let level = 0; level < attack.depth; level++) {
    const next = `F${level + 1}`;
    if (attack.shape === 'diamond') {
      const sides = Array.from({ length: attack.fan }, (_, side) => `D${level}_${side}`);
      definitions.push(`fragment F${level} on ${root} { ${wrap(sides.map((name) => `...${name}`).join(' '))} }`);
      for (const side of sides) definitions.push(`fragment ${side} on ${root} { ...${next} }`);
    } else {
      definitions.push(`fragment F${level} on ${root} { ${wrap(Array(attack.fan).fill(`...${next}`).join(' '))} }`);
    }
  }
  definitions.push(`fragment F${attack.depth} on ${root} { ${leafOf(attack)} }`);
  return { query: `${attack.operation} { ...F0 }\n${definitions.join('\n')}` };
}

function leafOf({ operation, leaf }: FragmentAttack): string {
  if (leaf === 'typename') return '__typename';
  if (operation === 'query') return leaf === 'field' ? 'batchLimit' : 'batchLimit dataCenter { id host }';
  return leaf === 'field' ? deleteEventField('fragment-leaf') : `${deleteEventField('leaf-a', 'a')} ${deleteEventField('leaf-b', 'b')}`;
}
