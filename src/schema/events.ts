import type { InputFieldBuilder } from '@pothos/core';
import * as entries from '../entries/events.js';
import { builder } from './builder.js';
import { defineWrite, type SchemaWrite } from './writes.js';

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

const ExtendedTransparency = builder.enumType('ExtendedTransparency', {
  description: "How the event shows in the account's free/busy, with more states than Transparency.",
  values: {
    OPAQUE: { value: 'opaque', description: 'Busy.' },
    TRANSPARENT: { value: 'transparent', description: 'Free.' },
    TENTATIVE: { value: 'tentative' },
    WORKING_ELSEWHERE: { value: 'working_elsewhere' },
    OUT_OF_OFFICE: { value: 'out_of_office' },
  } as const,
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

const TransitionPoint = builder.enumType('SubscriptionTransitionPoint', {
  description: 'The point of the event a transition is relative to.',
  values: { EVENT_START: { value: 'event_start' }, EVENT_END: { value: 'event_end' } } as const,
});

/** Said of every optional field where Cronofy gives null no meaning: what this layer does with it. */
const NO_NULL = 'null is refused (ValidationError, errors.null), since Cronofy gives it no meaning';

const LocationInput = builder.inputType('LocationInput', {
  description: `Every field optional; ${NO_NULL}.`,
  fields: (t) => ({
    description: t.string({ description: `The place, as text. ${NO_NULL}.` }),
    lat: t.string({ description: `Latitude as a string, e.g. "51.5072". ${NO_NULL}.` }),
    long: t.string({ description: `Longitude as a string, e.g. "-0.1276". ${NO_NULL}.` }),
  }),
});

const ReminderInput = builder.inputType('ReminderInput', {
  fields: (t) => ({ minutes: t.int({ required: true, description: 'Minutes before the start.' }) }),
});

const AttendeeInput = builder.inputType('AttendeeInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    displayName: t.string({ description: `The name shown for the email. ${NO_NULL}.` }),
  }),
});

const AttendeesInput = builder.inputType('AttendeesInput', {
  fields: (t) => ({
    invite: t.field({ type: [AttendeeInput], description: `People to invite. ${NO_NULL}; [] invites nobody more.` }),
    reject: t.field({ type: [AttendeeInput], description: `People to remove from the event. ${NO_NULL}.` }),
  }),
});

const ConferencingInput = builder.inputType('ConferencingInput', {
  fields: (t) => ({
    profileId: t.string({ required: true, description: '"default", "explicit", "integrated" or a conferencing profile id.' }),
    providerDescription: t.string({ description: `With profileId "explicit": the provider's name as shown. ${NO_NULL}.` }),
    joinUrl: t.string({ description: `With profileId "explicit": the URL to join. ${NO_NULL}.` }),
  }),
});

const TransitionInput = builder.inputType('SubscriptionTransitionInput', {
  description:
    'Event Triggers (Cronofy beta): a moment relative to the event, offset.minutes before or after its start or end. Give exactly one of before and after.',
  fields: (t) => ({
    before: t.field({ type: TransitionPoint, description: `Notify offset.minutes before this point. ${NO_NULL}: leave it out.` }),
    after: t.field({ type: TransitionPoint, description: `Notify offset.minutes after this point. ${NO_NULL}: leave it out.` }),
    offset: t.field({
      required: true,
      type: builder.inputType('SubscriptionTransitionOffsetInput', {
        fields: (o) => ({ minutes: o.int({ required: true, description: 'Minutes from the point; 0 for the point itself.' }) }),
      }),
    }),
  }),
});

const SubscriptionInput = builder.inputType('SubscriptionInput', {
  description:
    'A webhook Cronofy calls about this event: on interactions (conferencing), on transitions (Event Triggers, beta), or both. A subscription with neither is refused before sending.',
  fields: (t) => ({
    type: t.field({ type: SubscriptionType, required: true }),
    uri: t.string({ required: true, description: 'The absolute URL Cronofy POSTs to; it may carry a query string.' }),
    interactions: t.field({
      type: [
        builder.inputType('SubscriptionInteractionInput', {
          fields: (i) => ({ type: i.field({ type: InteractionType, required: true }) }),
        }),
      ],
      description: `Conferencing interactions to be notified of. ${NO_NULL}.`,
    }),
    transitions: t.field({
      type: [TransitionInput],
      description: `Event Triggers (Cronofy beta): moments before or after the event's start or end. ${NO_NULL}.`,
    }),
  }),
});

const RecurrenceInput = builder.inputType('RecurrenceInput', {
  description: 'Recurring events (Cronofy alpha). In practice one rule.',
  fields: (t) => ({
    rules: t.field({
      required: true,
      description: '[] removes the recurrence.',
      type: [
        builder.inputType('RecurrenceRuleInput', {
          fields: (r) => ({
            frequency: r.field({ type: Frequency, required: true }),
            byDay: r.field({ type: [Weekday], description: `WEEKLY rules only: the days it occurs on. ${NO_NULL}.` }),
            interval: r.int({ description: `Every how many periods, e.g. 2 for every other week. ${NO_NULL}.` }),
          }),
        }),
      ],
    }),
  }),
});

const AttachmentInput = builder.inputType('AttachmentInput', {
  fields: (t) => ({
    attachmentId: t.string({
      required: true,
      description: 'An id from Cronofy\'s Create Attachment, e.g. "att_5e4d5a6668ed0f4b213e90fe".',
    }),
  }),
});

const KEEP = 'Absent leaves it as it is';

/** The body fields that creating, updating and editing an external event share. */
function eventFields(t: InputFieldBuilder<typeof builder.$inferSchemaTypes, 'InputObject'>) {
  return {
    summary: t.string({ required: true, description: 'The title; at most 1024 characters.' }),
    description: t.string({ description: `Plain text; at most 4096 characters; "" for none. ${KEEP}; ${NO_NULL}.` }),
    start: t.field({ type: 'EventTime', required: true }),
    end: t.field({ type: 'EventTime', required: true, description: 'After start; for all-day events the day after the last day.' }),
    startTzid: t.string({
      description: `IANA zone for start, sent as Cronofy's { time, tzid } form, spelled as the tz database spells it ("europe/london" and "GB" go as "Europe/London"). Absent sends start as a UTC time; ${NO_NULL}.`,
    }),
    endTzid: t.string({
      description: `IANA zone for end, as startTzid. Absent sends end as a UTC time; ${NO_NULL}.`,
    }),
    tzid: t.string({ description: `IANA zone the event is shown in (Cronofy's default: Etc/UTC), canonical as startTzid. ${NO_NULL}.` }),
    location: t.field({ type: LocationInput, description: `Where the event takes place. ${KEEP}; ${NO_NULL}.` }),
    url: t.string({
      description: 'An absolute URL. Absent leaves the URL as it is; null removes it (sent as null, as Cronofy documents).',
    }),
    reminders: t.field({
      type: [ReminderInput],
      description: 'In priority order; a provider applies as many as it supports. [] clears them; null is taken as [] and sent as [].',
    }),
    remindersCreateOnly: t.boolean({ description: `Apply reminders only when the event is created. ${NO_NULL}.` }),
    eventPrivate: t.boolean({ description: `Mark the event private. ${KEEP}; ${NO_NULL}.` }),
    transparency: t.field({ type: Transparency, description: `Whether the event shows as busy. ${KEEP}; ${NO_NULL}.` }),
    extendedTransparency: t.field({
      type: ExtendedTransparency,
      description: `Transparency with the states some calendars have (tentative, working elsewhere, out of office); sent as Cronofy's extended_transparency, which the official C# SDK sends with upserts. ${KEEP}; ${NO_NULL}.`,
    }),
    color: t.string({ description: `Hex colour such as "#49BED8", where the calendar supports event colours. ${KEEP}; ${NO_NULL}.` }),
    attendees: t.field({ type: AttendeesInput, description: `Invites and removals. ${KEEP}; ${NO_NULL}.` }),
    conferencing: t.field({
      type: ConferencingInput,
      description: `Conferencing Services: a conference made for the event, or one given explicitly. ${KEEP}; ${NO_NULL}.`,
    }),
    subscriptions: t.field({
      type: [SubscriptionInput],
      description: '[] removes them; null is taken as [] and sent as []. Absent leaves them as they are.',
    }),
    recurrence: t.field({
      type: RecurrenceInput,
      description:
        'Recurring events (Cronofy alpha). rules: [] removes the recurrence; null is taken as { rules: [] } and sent so. Absent keeps it.',
    }),
    attachments: t.field({
      type: [AttachmentInput],
      description: `Attachments (Cronofy beta): files uploaded first with Cronofy's Create Attachment, by id. ${KEEP}; ${NO_NULL}.`,
    }),
    locale: t.string({
      description: `Templating (Cronofy alpha): the language of the event's content as a two-letter code, e.g. "en". ${NO_NULL}.`,
    }),
  };
}

const upsertEvent = defineWrite({
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

const deleteEvent = defineWrite({
  kind: 'deleteEvent',
  description: 'Deletes the event with your own eventId from a calendar.',
  input: builder.inputRef<entries.DeleteEventInput>('DeleteEventInput').implement({
    fields: (t) => ({
      calendarId: t.string({ required: true }),
      eventId: t.string({ required: true }),
    }),
  }),
  build: entries.deleteEvent,
  successDescription: 'Cronofy accepted the delete.',
  ids: ['calendarId', 'eventId'],
  entity: { field: 'event', type: CalendarEvent, description: 'The event deleted, for other subgraphs to add to.' },
});

const editExternalEvent = defineWrite({
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

const deleteExternalEvent = defineWrite({
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

/** The event writes, in the order `batch` offers them. */
export const EVENT_WRITES: readonly SchemaWrite[] = [upsertEvent, deleteEvent, editExternalEvent, deleteExternalEvent];
