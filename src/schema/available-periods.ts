import * as entries from '../entries/available-periods.js';
import { builder } from './builder.js';
import { defineWrite, type SchemaWrite } from './writes.js';

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

const upsertAvailablePeriod = defineWrite({
  kind: 'upsertAvailablePeriod',
  description: "Creates or updates the available period with your own id (Cronofy's Emerging plan or higher).",
  input: builder.inputRef<entries.UpsertAvailablePeriodInput>('UpsertAvailablePeriodInput').implement({
    fields: (t) => ({
      availablePeriodId: t.string({
        required: true,
        description:
          "Your own id (Cronofy's available_period_id): printable ASCII, at most 64 characters. The first write with an id creates the period, later ones update it.",
      }),
      start: t.field({ type: 'Instant', required: true, description: 'When the period starts; sent in UTC whatever startTzid says.' }),
      end: t.field({ type: 'Instant', required: true, description: 'When the period ends; not before start.' }),
      startTzid: t.string({
        description:
          'IANA zone for start ("Europe/Paris"), sent as Cronofy\'s { time, tzid } form. Leave it out to send start as a plain UTC time; null is refused, as Cronofy gives it no meaning.',
      }),
      endTzid: t.string({
        description:
          'IANA zone for end ("Europe/Paris"), sent as Cronofy\'s { time, tzid } form. Leave it out to send end as a plain UTC time; null is refused, as Cronofy gives it no meaning.',
      }),
    }),
  }),
  build: entries.upsertAvailablePeriod,
  successDescription: 'Cronofy accepted the create or update.',
  ids: ['availablePeriodId'],
  entity: { field: 'availablePeriod', type: AvailablePeriod, description: 'The available period written, for other subgraphs to add to.' },
});

const deleteAvailablePeriod = defineWrite({
  kind: 'deleteAvailablePeriod',
  description: 'Deletes the available period with your own id.',
  input: builder.inputRef<entries.DeleteAvailablePeriodInput>('DeleteAvailablePeriodInput').implement({
    fields: (t) => ({ availablePeriodId: t.string({ required: true, description: 'Your own id of the available period to delete.' }) }),
  }),
  build: entries.deleteAvailablePeriod,
  successDescription: 'Cronofy accepted the delete.',
  ids: ['availablePeriodId'],
  entity: { field: 'availablePeriod', type: AvailablePeriod, description: 'The available period deleted, for other subgraphs to add to.' },
});

const deleteAllAvailablePeriods = defineWrite({
  kind: 'deleteAllAvailablePeriods',
  description:
    "Deletes every available period of the account (Cronofy's Bulk Delete Available Periods, Emerging plan or higher). It is never sent in the same Cronofy call as, or while a call is in flight with, another available-period write of the same caller: writes before it in the operation are applied before it, writes after it after it.",
  input: builder.inputRef<entries.DeleteAllAvailablePeriodsInput>('DeleteAllAvailablePeriodsInput').implement({
    description: 'Confirms a bulk delete of available periods.',
    fields: (t) => ({
      deleteAll: t.boolean({
        required: true,
        description: "Cronofy's delete_all. Must be true; false is refused with a ValidationError and nothing is sent.",
      }),
    }),
  }),
  build: entries.deleteAllAvailablePeriods,
  successDescription: 'Cronofy accepted the bulk delete: every available period of the account is deleted.',
  ids: [],
});

/** The available-period writes, in the order `batch` offers them. */
export const AVAILABLE_PERIOD_WRITES: readonly SchemaWrite[] = [upsertAvailablePeriod, deleteAvailablePeriod, deleteAllAvailablePeriods];
