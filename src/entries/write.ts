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

/**
 * The event or available period a write touches: writes with the same resource never share a
 * call. The limits count an operation's calls with it before anything runs, so it takes only the
 * ids, which every input of the kind carries under the same names.
 *
 * ```ts
 * resourceOf('deleteEvent', { calendarId: 'cal_1', eventId: 'standup' }) // 'event:cal_1:standup'
 * ```
 */
export function resourceOf<K extends WriteKind>(kind: K, ids: WriteIds[K]): string {
  const id = ids as Partial<Record<'calendarId' | 'eventId' | 'eventUid' | 'availablePeriodId', string>>;
  switch (kind) {
    case 'upsertEvent':
    case 'deleteEvent':
      return `event:${id.calendarId}:${id.eventId}`;
    case 'editExternalEvent':
    case 'deleteExternalEvent':
      return `external:${id.calendarId}:${id.eventUid}`;
    default:
      return `available-period:${id.availablePeriodId}`;
  }
}

/** Cronofy's 422 shape, also used for input this layer refuses before sending. */
export interface FieldError {
  /**
   * The input field, as the caller named it (camelCase; nested as `location.lat`, list items as
   * `reminders[1].minutes`); or, when `inSchema` is false, Cronofy's own name as its 422 wrote it.
   */
  field: string;
  /** False only for a field Cronofy named that this schema does not have; absent means true. */
  inSchema?: boolean;
  /** Machine-readable, as Cronofy's: `errors.required`, `errors.too_long`, `errors.invalid`, ... */
  key: string;
  description: string;
}

export type Built<K extends WriteKind = WriteKind> = { ok: true; write: Write<K> } | { ok: false; kind: K; errors: FieldError[] };
