import fc from 'fast-check';
import { BOUNDS } from './bounds.js';
import { type OperationAttack, operationAttacks, operationOf } from './operations.js';
import type { Operation } from './request.js';

/**
 * An operation padded with text that means nothing, up to the body limit: one long comment, a
 * million short comment lines (each one a lexer token that the parser skips), insignificant
 * commas and spaces, or multi-byte characters in a comment. A salt makes every padded document
 * distinct, so caches keyed by the source (Yoga's parse and validation caches) see a new 4 MB key
 * each time (the finding 3).
 */
export interface PaddedAttack {
  kind: 'padded';
  inner: OperationAttack;
  style: 'comment' | 'commentLines' | 'commas' | 'spaces' | 'multiByte';
  place: 'before' | 'after';
  /** Bytes of padding wanted; cut so that the body stays at MAX_BODY_BYTES at most. */
  bytes: number;
  salt: number;
}

/** Bytes a unit of each style costs in the JSON body (escaped `\n` is two). */
const UNITS = { comment: ['x', 1], commentLines: ['#\n', 3], commas: [',', 1], spaces: [' ', 1], multiByte: ['€', 3] } as const;

export const paddedAttacks = (inner: fc.Arbitrary<OperationAttack> = operationAttacks): fc.Arbitrary<PaddedAttack> =>
  fc.record({
    kind: fc.constant('padded' as const),
    inner,
    style: fc.constantFrom('comment' as const, 'commentLines' as const, 'commas' as const, 'spaces' as const, 'multiByte' as const),
    place: fc.constantFrom('before' as const, 'after' as const),
    bytes: fc.oneof(fc.integer({ min: 1, max: 64 * 1024 }), fc.integer({ min: BOUNDS.bodyBytes - 64 * 1024, max: BOUNDS.bodyBytes })),
    salt: fc.nat(),
  });

export function paddedOperation(attack: PaddedAttack): Operation {
  const operation = operationOf(attack.inner);
  const [unit, unitBytes] = UNITS[attack.style];
  const head = `# salt ${attack.salt}\n`;
  const room = BOUNDS.bodyBytes - Buffer.byteLength(JSON.stringify(operation)) - Buffer.byteLength(JSON.stringify(head)) - 16;
  const units = Math.max(0, Math.floor(Math.min(attack.bytes, room) / unitBytes));
  const body = attack.style === 'comment' || attack.style === 'multiByte' ? `#${unit.repeat(units)}\n` : unit.repeat(units);
  const padding = head + body;
  return { ...operation, query: attack.place === 'before' ? `${padding}${operation.query}` : `${operation.query}\n${padding}` };
}
