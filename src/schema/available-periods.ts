import * as entries from '../entries/available-periods.js';
import { builder } from './builder.js';
import { defineWrite } from './writes.js';

/**
 * An available period written through this service, as a federation entity. Key only, like
 * `CalendarEvent`: there is nothing stored to resolve a reference to but the reference itself.
 */
export const AvailablePeriod = builder.objectRef<{ availablePeriodId: string }>('AvailablePeriod').implement({
  description: 'An available period you named with your own id. Other subgraphs may add fields to it.',
  fields: (t) => ({
    availablePeriodId: t.exposeString('availablePeriodId', { description: 'Your own id of the available period.' }),
  }),
});

builder.asEntity(AvailablePeriod, {
  key: builder.selection<{ availablePeriodId: string }>('availablePeriodId'),
  resolveReference: ({ availablePeriodId }) => ({ availablePeriodId }),
});

defineWrite({
  kind: 'upsertAvailablePeriod',
  description: "Creates or updates the available period with your own id (Cronofy's Emerging plan or higher).",
  input: builder.inputRef<entries.UpsertAvailablePeriodInput>('UpsertAvailablePeriodInput').implement({
    fields: (t) => ({
      availablePeriodId: t.string({ required: true, description: 'Your own id: printable ASCII, at most 64 characters.' }),
      start: t.field({ type: 'Instant', required: true }),
      end: t.field({ type: 'Instant', required: true, description: 'Not before start.' }),
      startTzid: t.string({ description: "IANA zone for start, sent as Cronofy's { time, tzid } form." }),
      endTzid: t.string({ description: "IANA zone for end, sent as Cronofy's { time, tzid } form." }),
    }),
  }),
  build: entries.upsertAvailablePeriod,
  successDescription: 'Cronofy accepted the create or update.',
  ids: ['availablePeriodId'],
  entity: { field: 'availablePeriod', type: AvailablePeriod, description: 'The available period written, for other subgraphs to add to.' },
});

defineWrite({
  kind: 'deleteAvailablePeriod',
  description: 'Deletes the available period with your own id.',
  input: builder.inputRef<entries.DeleteAvailablePeriodInput>('DeleteAvailablePeriodInput').implement({
    fields: (t) => ({ availablePeriodId: t.string({ required: true }) }),
  }),
  build: entries.deleteAvailablePeriod,
  successDescription: 'Cronofy accepted the delete.',
  ids: ['availablePeriodId'],
  entity: { field: 'availablePeriod', type: AvailablePeriod, description: 'The available period deleted, for other subgraphs to add to.' },
});
