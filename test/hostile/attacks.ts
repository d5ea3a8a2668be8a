import fc from 'fast-check';
import { type HttpBatchAttack, httpBatchOperations } from './http-batches.js';
import { type OperationAttack, operationOf } from './operations.js';
import { type PaddedAttack, paddedOperation } from './padding.js';
import { type RawBodyAttack, rawBody } from './raw-bodies.js';
import { type HostileRequest, jsonRequest, REFUSED_TOKEN } from './request.js';

/** Anything the generators build: one operation, padded or not, an HTTP batch, or a raw body. */
export type Attack = OperationAttack | PaddedAttack | HttpBatchAttack | RawBodyAttack;

/**
 * Who sends it: nobody (the demo account writes), a token the simulator refuses with 401, or an
 * Authorization header that is not a bearer token.
 */
export type Sender = 'demo' | 'refused' | 'malformed';

/** The generated value of a property: small and printable, so a shrunk counterexample can be read. */
export interface SentAttack {
  attack: Attack;
  sender: Sender;
}

export function requestOf({ attack, sender }: SentAttack): HostileRequest {
  const request = bodyOf(attack);
  if (sender === 'refused') return { ...request, token: REFUSED_TOKEN };
  if (sender === 'malformed') return { ...request, headers: { authorization: `Basic ${'A'.repeat(64)}` } };
  return request;
}

function bodyOf(attack: Attack): HostileRequest {
  switch (attack.kind) {
    case 'raw':
      return { body: rawBody(attack) };
    case 'padded':
      return jsonRequest(paddedOperation(attack));
    case 'httpBatch':
      return jsonRequest(httpBatchOperations(attack));
    default:
      return jsonRequest(operationOf(attack));
  }
}

/** Sent by the demo account mostly, now and then with a refused or malformed token. */
export const senders: fc.Arbitrary<Sender> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('demo' as const) },
  fc.constantFrom('refused' as const, 'malformed' as const),
);

/**
 * Sends each attack of `attacks` as `senders` picks. Without fast-check's bias towards small
 * values in early runs: the large documents are the hostile ones, and a default run is short.
 */
export const sent = (attacks: fc.Arbitrary<Attack>, from: fc.Arbitrary<Sender> = senders): fc.Arbitrary<SentAttack> =>
  fc.noBias(fc.record({ attack: attacks, sender: from }));
