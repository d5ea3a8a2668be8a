import fc from 'fast-check';
import { BOUNDS } from './bounds.js';
import { type OperationAttack, operationAttacks, operationOf } from './operations.js';
import { type PaddedAttack, paddedOperation } from './padding.js';
import type { Operation } from './request.js';
import { writeChainAttacks } from './write-chains.js';

/**
 * HTTP batches: a JSON array of operations, which Yoga runs together (so their writes share
 * calls, and their costs add up). Either one generated operation repeated (10 × a chain of 500
 * writes to one event is the finding 5) or several different ones. Counts go past
 * MAX_OPERATIONS_PER_REQUEST (10). Operations that would take the body past MAX_BODY_BYTES are
 * left out.
 */
export interface HttpBatchAttack {
  kind: 'httpBatch';
  operations: Array<OperationAttack | PaddedAttack>;
  /** Each operation is sent this many times, one after another. */
  times: number;
}

export const httpBatchAttacks = (
  operations: fc.Arbitrary<OperationAttack | PaddedAttack> = operationAttacks,
): fc.Arbitrary<HttpBatchAttack> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('httpBatch' as const),
      operations: fc.tuple(fc.oneof({ weight: 2, arbitrary: writeChainAttacks }, operations)),
      times: fc.integer({ min: 2, max: 12 }),
    }),
    fc.record({
      kind: fc.constant('httpBatch' as const),
      operations: fc.array(operations, { minLength: 1, maxLength: 12 }),
      times: fc.constant(1),
    }),
  );

export function httpBatchOperations(attack: HttpBatchAttack): Operation[] {
  const batch: Operation[] = [];
  let bytes = 2;
  for (const attackOperation of attack.operations) {
    const operation = attackOperation.kind === 'padded' ? paddedOperation(attackOperation) : operationOf(attackOperation);
    const size = Buffer.byteLength(JSON.stringify(operation)) + 1;
    for (let i = 0; i < attack.times && bytes + size <= BOUNDS.bodyBytes; i++) {
      batch.push(operation);
      bytes += size;
    }
  }
  return batch;
}
