import type { InputFieldBuilder } from '@pothos/core';
import * as entries from '../entries/events.js';
import { builder } from './builder.js';
import { defineWrite } from './writes.js';

/**
 * An event written through this service, as a federation entity that other subgraphs can
 * reference and extend (a `Meeting` subgraph can add `CalendarEvent.meeting`). It holds only its
 * key: this service stores nothing and Cronofy has no batch read, so a reference resolves to
 * itself, without checking that the event exists.
 */
export const CalendarEvent = builder.objectRef<{ calendarId: string; eventId: string }>('CalendarEvent').implement({
  description: 'An event you named with your own eventId. Other subgraphs may add fields to it.',
  fields: (t) => ({
    calendarId: t.exposeString('calendarId', { description: 'The calendar the event is in.' }),
    eventId: t.exposeString('eventId', { description: 'Your own id of the event.' }),
  }),
});

builder.asEntity(CalendarEvent, {
  key: builder.selection<{ calendarId: string; eventId: string }>('calendarId eventId'),
  resolveReference: ({ calendarId, eventId }) => ({ calendarId, eventId }),
});

/** An event not created through Cronofy, named by Cronofy's eventUid; a key-only entity too. */
export const ExternalCalendarEvent = builder.objectRef<{ calendarId: string; eventUid: string }>('ExternalCalendarEvent').implement({
  description: "An event that was not created through Cronofy, named by Cronofy's eventUid. Other subgraphs may add fields to it.",
  fields: (t) => ({
    calendarId: t.exposeString('calendarId', { description: 'The calendar the event is in.' }),
    eventUid: t.exposeString('eventUid', { description: "Cronofy's id of the event." }),
  }),
});

builder.asEntity(ExternalCalendarEvent, {
  key: builder.selection<{ calendarId: string; eventUid: string }>('calendarId eventUid'),
  resolveReference: ({ calendarId, eventUid }) => ({ calendarId, eventUid }),
});

const Transparency = builder.enumType('Transparency', {
  values: { OPAQUE: { value: 'opaque' }, TRANSPARENT: { value: 'transparent' } } as const,
});

const Frequency = builder.enumType('RecurrenceFrequency', {
  values: { DAILY: { value: 'daily' }, WEEKLY: { value: 'weekly' }, MONTHLY: { value: 'monthly' }, YEARLY: { value: 'yearly' } } as const,
});

const Weekday = builder.enumType('Weekday', {
  values: Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day.toUpperCase(), { value: day }]),
  ),
});

const SubscriptionType = builder.enumType('SubscriptionType', { values: { WEBHOOK: { value: 'webhook' } } as const });

const InteractionType = builder.enumType('SubscriptionInteractionType', {
  values: { CONFERENCING_ASSIGNED: { value: 'conferencing_assigned' }, CONFERENCING_FAILING: { value: 'conferencing_failing' } } as const,
});

const LocationInput = builder.inputType('LocationInput', {
  fields: (t) => ({
    description: t.string(),
    lat: t.string({ description: 'Latitude as a string, e.g. "51.5072".' }),
    long: t.string({ description: 'Longitude as a string, e.g. "-0.1276".' }),
  }),
});

const ReminderInput = builder.inputType('ReminderInput', {
  fields: (t) => ({ minutes: t.int({ required: true, description: 'Minutes before the start.' }) }),
});

const AttendeeInput = builder.inputType('AttendeeInput', {
  fields: (t) => ({ email: t.string({ required: true }), displayName: t.string() }),
});

const AttendeesInput = builder.inputType('AttendeesInput', {
  fields: (t) => ({
    invite: t.field({ type: [AttendeeInput], description: 'People to invite.' }),
    reject: t.field({ type: [AttendeeInput], description: 'People to remove from the event.' }),
  }),
});

const ConferencingInput = builder.inputType('ConferencingInput', {
  fields: (t) => ({
    profileId: t.string({ required: true, description: '"default", "explicit", "integrated" or a conferencing profile id.' }),
    providerDescription: t.string(),
    joinUrl: t.string(),
  }),
});

const SubscriptionInput = builder.inputType('SubscriptionInput', {
  fields: (t) => ({
    type: t.field({ type: SubscriptionType, required: true }),
    uri: t.string({ required: true }),
    interactions: t.field({
      type: [
        builder.inputType('SubscriptionInteractionInput', {
          fields: (i) => ({ type: i.field({ type: InteractionType, required: true }) }),
        }),
      ],
      required: true,
    }),
  }),
});

const RecurrenceInput = builder.inputType('RecurrenceInput', {
  fields: (t) => ({
    rules: t.field({
      required: true,
      type: [
        builder.inputType('RecurrenceRuleInput', {
          fields: (r) => ({
            frequency: r.field({ type: Frequency, required: true }),
            byDay: r.field({ type: [Weekday] }),
            interval: r.int(),
          }),
        }),
      ],
    }),
  }),
});

/** The body fields that creating, updating and editing an external event share. */
function eventFields(t: InputFieldBuilder<typeof builder.$inferSchemaTypes, 'InputObject'>) {
  return {
    summary: t.string({ required: true, description: 'The title; at most 1024 characters.' }),
    description: t.string({ description: 'Plain text; at most 4096 characters. null clears it.' }),
    start: t.field({ type: 'EventTime', required: true }),
    end: t.field({ type: 'EventTime', required: true, description: 'Not before start; for all-day events the day after the last day.' }),
    startTzid: t.string({ description: "IANA zone for start, sent as Cronofy's { time, tzid } form." }),
    endTzid: t.string({ description: "IANA zone for end, sent as Cronofy's { time, tzid } form." }),
    tzid: t.string({ description: 'IANA zone the event is shown in; Cronofy defaults to Etc/UTC.' }),
    location: t.field({ type: LocationInput }),
    url: t.string({ description: 'Absent leaves the URL as it is; null removes it.' }),
    reminders: t.field({ type: [ReminderInput], description: 'In priority order; [] clears them.' }),
    remindersCreateOnly: t.boolean({ description: 'Apply reminders only when the event is created.' }),
    eventPrivate: t.boolean(),
    transparency: t.field({ type: Transparency }),
    color: t.string({ description: 'Hex colour such as "#49BED8", where the calendar supports event colours.' }),
    attendees: t.field({ type: AttendeesInput }),
    conferencing: t.field({ type: ConferencingInput, description: 'Absent leaves conferencing as it is.' }),
    subscriptions: t.field({ type: [SubscriptionInput], description: '[] removes them.' }),
    recurrence: t.field({ type: RecurrenceInput }),
  };
}

defineWrite({
  kind: 'upsertEvent',
  description: "Creates or updates the event with your own eventId in a calendar (Cronofy's Create or Update Event).",
  input: builder.inputRef<entries.UpsertEventInput>('UpsertEventInput').implement({
    fields: (t) => ({
      calendarId: t.string({ required: true }),
      eventId: t.string({ required: true, description: 'Your own id; the upsert key.' }),
      ...eventFields(t),
    }),
  }),
  build: entries.upsertEvent,
  successDescription: 'Cronofy accepted the create or update.',
  ids: ['calendarId', 'eventId'],
  entity: { field: 'event', type: CalendarEvent, description: 'The event written, for other subgraphs to add to.' },
});

defineWrite({
  kind: 'deleteEvent',
  description: 'Deletes the event with your own eventId from a calendar.',
  input: builder.inputRef<entries.DeleteEventInput>('DeleteEventInput').implement({
    fields: (t) => ({
      calendarId: t.string({ required: true }),
      eventId: t.string({ required: true }),
      includeUserinfo: t.boolean(),
    }),
  }),
  build: entries.deleteEvent,
  successDescription: 'Cronofy accepted the delete.',
  ids: ['calendarId', 'eventId'],
  entity: { field: 'event', type: CalendarEvent, description: 'The event deleted, for other subgraphs to add to.' },
});

defineWrite({
  kind: 'editExternalEvent',
  description:
    "Edits an event that was not created through Cronofy, named by its eventUid. Needs elevated permissions and the event's options.update flag; recurring events cannot be edited.",
  input: builder.inputRef<entries.EditExternalEventInput>('EditExternalEventInput').implement({
    fields: (t) => ({
      calendarId: t.string({ required: true }),
      eventUid: t.string({ required: true, description: "Cronofy's id of the event, e.g. from Read Events." }),
      ...eventFields(t),
    }),
  }),
  build: entries.editExternalEvent,
  successDescription: 'Cronofy accepted the edit.',
  ids: ['calendarId', 'eventUid'],
  entity: { field: 'externalEvent', type: ExternalCalendarEvent, description: 'The event edited, for other subgraphs to add to.' },
});

defineWrite({
  kind: 'deleteExternalEvent',
  description: "Deletes an event that was not created through Cronofy. Needs elevated permissions and the event's options.delete flag.",
  input: builder.inputRef<entries.DeleteExternalEventInput>('DeleteExternalEventInput').implement({
    fields: (t) => ({
      calendarId: t.string({ required: true }),
      eventUid: t.string({ required: true }),
    }),
  }),
  build: entries.deleteExternalEvent,
  successDescription: 'Cronofy accepted the delete.',
  ids: ['calendarId', 'eventUid'],
  entity: { field: 'externalEvent', type: ExternalCalendarEvent, description: 'The event deleted, for other subgraphs to add to.' },
});
