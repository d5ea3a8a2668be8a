/** The wire format of `POST /v1/batch`, exactly as Cronofy documents it. */

import { UpstreamError } from './errors.js';

export interface BatchEntry {
  method: 'POST' | 'DELETE';
  /** Path with the `/v1` prefix, built only from validated, URL-encoded ids. */
  relative_url: string;
  /** The sub-request's body: an object, never a JSON-encoded string. */
  data: Record<string, unknown>;
}

/** One entry's answer, paired with its request by position. Any 2xx status is success. */
export interface EntryResult {
  status: number;
  data?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/**
 * Results are paired with entries by position: an answer with any other count than one result
 * per entry would give fields results that are not theirs, so none is given any.
 */
export function checkAnswerCount(results: readonly unknown[], entries: number): void {
  if (results.length !== entries) {
    throw UpstreamError.unreadable(`it answered ${results.length} results for ${entries} entries, so none can be matched safely`);
  }
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
