import type { Batcher } from '../batcher/batcher.js';
import type { Caller } from '../cronofy/credentials.js';
import type { DataCenterId } from '../cronofy/data-centers.js';

/** Why a request cannot write: each of its mutation fields answers this as a GraphQL error. */
export interface CallerProblem {
  problem: string;
  code: 'UNAUTHENTICATED' | 'BAD_DATA_CENTER';
}

/** What every resolver is handed: who the request writes for, and where its writes go. */
export interface Context {
  /** Who the writes are for, or why the request cannot write (no or malformed Authorization, unknown data center). */
  caller: Caller | CallerProblem;
  batcher: Batcher;
  /** The request's data center (header, else CRONOFY_DATA_CENTER), or why its header was refused. */
  dataCenter: DataCenterId | CallerProblem;
}
