import type { Write } from '../../src/entries/write.js';

/**
 * The `n`th of a run of deletes of distinct events in one calendar: writes that never overlap,
 * for tests of the batcher.
 *
 * ```ts
 * batcher.submit(caller, deleteWrite(1));
 * ```
 */
export function deleteWrite(n: number): Write {
  return {
    kind: 'deleteEvent',
    entry: { method: 'DELETE', relative_url: '/v1/calendars/cal_1/events', data: { event_id: `e${n}` } },
    resource: `event:cal_1:e${n}`,
    ids: { calendarId: 'cal_1', eventId: `e${n}` },
  };
}
