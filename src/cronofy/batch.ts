/** The wire format of `POST /v1/batch`, exactly as Cronofy documents it. */

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
  /** Set by the layer: an earlier attempt of this entry failed in a way that may have applied it. */
  replayed?: boolean;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
