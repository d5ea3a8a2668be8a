import type { BatchEntry } from '../cronofy/batch.js';

/** What the caller wrote to, echoed back in each success type. */
export interface WriteIds {
  upsertEvent: { calendarId: string; eventId: string };
  deleteEvent: { calendarId: string; eventId: string };
  editExternalEvent: { calendarId: string; eventUid: string };
  deleteExternalEvent: { calendarId: string; eventUid: string };
  upsertAvailablePeriod: { availablePeriodId: string };
  deleteAvailablePeriod: { availablePeriodId: string };
  /** The bulk delete names nothing: it touches every available period of the account. */
  deleteAllAvailablePeriods: Record<string, never>;
}

export type WriteKind = keyof WriteIds;

/** One calendar write, ready for the batcher. */
export interface Write<K extends WriteKind = WriteKind> {
  kind: K;
  entry: BatchEntry;
  /**
   * Names the event or available period the entry touches (see `resourceOf`). Cronofy does not
   * promise to apply the entries of one call in order, so two writes whose resources overlap
   * never share a call and never run in concurrent calls.
   */
  resource: string;
  ids: WriteIds[K];
}

/**
 * The event or available period a write touches: writes whose resources overlap never share a
 * call. The limits count an operation's calls with it before anything runs, so it takes only the
 * ids, which every input of the kind carries under the same names.
 *
 * A resource is `<family>:<id…>`; a name without a colon stands for every resource of its family
 * (`available-period`, the bulk delete, overlaps every `available-period:<id>`). No id can make
 * a name without a colon, whatever it holds.
 *
 * ```ts
 * resourceOf('deleteEvent', { calendarId: 'cal_1', eventId: 'standup' }) // 'event:cal_1:standup'
 * resourceOf('deleteAllAvailablePeriods', {}) // 'available-period'
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
    case 'deleteAllAvailablePeriods':
      return AVAILABLE_PERIOD;
    default:
      return `${AVAILABLE_PERIOD}:${id.availablePeriodId}`;
  }
}

const AVAILABLE_PERIOD = 'available-period';

/** Whether `resource` stands for its whole family (`available-period`, the bulk delete): see `familyOf`. */
export function isWhole(resource: string): boolean {
  return !resource.includes(':');
}

/**
 * Where a resource belongs: its family, and whether it stands for the whole family.
 *
 * ```ts
 * familyOf('available-period:focus') // { family: 'available-period', whole: false }
 * familyOf('available-period')       // { family: 'available-period', whole: true }
 * ```
 */
export function familyOf(resource: string): { family: string; whole: boolean } {
  const colon = resource.indexOf(':');
  return colon < 0 ? { family: resource, whole: true } : { family: resource.slice(0, colon), whole: false };
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
