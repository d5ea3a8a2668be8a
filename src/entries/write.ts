import type { BatchEntry } from '../cronofy/batch.js';

/** What the caller wrote to, echoed back in each success type. */
export interface WriteIds {
  upsertEvent: { calendarId: string; eventId: string };
  deleteEvent: { calendarId: string; eventId: string };
  editExternalEvent: { calendarId: string; eventUid: string };
  deleteExternalEvent: { calendarId: string; eventUid: string };
  upsertAvailablePeriod: { availablePeriodId: string };
  deleteAvailablePeriod: { availablePeriodId: string };
}

export type WriteKind = keyof WriteIds;

/** One calendar write, ready for the batcher. */
export interface Write<K extends WriteKind = WriteKind> {
  kind: K;
  entry: BatchEntry;
  /**
   * Names the event or available period the entry touches. Cronofy does not promise to apply
   * the entries of one call in order, so two writes with the same resource never share a call
   * and never run in concurrent calls.
   */
  resource: string;
  ids: WriteIds[K];
  /** The GraphQL operation that asked for this write (its context object); only counted, for metrics. */
  operation?: object;
}

/** Cronofy's 422 shape, also used for input this layer refuses before sending. */
export interface FieldError {
  /** The input field, as the caller named it (camelCase). */
  field: string;
  /** Machine-readable, as Cronofy's: `errors.required`, `errors.too_long`, `errors.invalid`, ... */
  key: string;
  description: string;
}

export type Built<K extends WriteKind = WriteKind> = { ok: true; write: Write<K> } | { ok: false; kind: K; errors: FieldError[] };
