import fc from 'fast-check';
import type { Attack } from './attacks.js';
import { httpBatchAttacks } from './http-batches.js';
import { operationAttacks } from './operations.js';
import { paddedAttacks } from './padding.js';
import { rawBodyAttacks } from './raw-bodies.js';

/** Everything together: operations of every kind, padded, in HTTP batches of padded operations, raw bodies. */
export const mixedAttacks: fc.Arbitrary<Attack> = fc.oneof(
  operationAttacks,
  paddedAttacks(),
  httpBatchAttacks(fc.oneof(operationAttacks, paddedAttacks())),
  rawBodyAttacks,
);
