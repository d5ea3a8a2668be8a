/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AttachmentInput = {
  /** An id from Cronofy's Create Attachment, e.g. "att_5e4d5a6668ed0f4b213e90fe". */
  attachmentId: string;
};

export type AttendeeInput = {
  /** The name shown for the email. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  displayName?: string | null | undefined;
  email: string;
};

export type AttendeesInput = {
  /** People to invite. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning; [] invites nobody more. */
  invite?: Array<AttendeeInput> | null | undefined;
  /** People to remove from the event. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  reject?: Array<AttendeeInput> | null | undefined;
};

/** One write of any kind, named like the mutation it stands for; set exactly one field. */
export type BatchRequestInput =
  {   deleteAllAvailablePeriods: DeleteAllAvailablePeriodsInput; deleteAvailablePeriod?: never; deleteEvent?: never; deleteExternalEvent?: never; editExternalEvent?: never; upsertAvailablePeriod?: never; upsertEvent?: never; }
  |  { deleteAllAvailablePeriods?: never;   deleteAvailablePeriod: DeleteAvailablePeriodInput; deleteEvent?: never; deleteExternalEvent?: never; editExternalEvent?: never; upsertAvailablePeriod?: never; upsertEvent?: never; }
  |  { deleteAllAvailablePeriods?: never; deleteAvailablePeriod?: never;   deleteEvent: DeleteEventInput; deleteExternalEvent?: never; editExternalEvent?: never; upsertAvailablePeriod?: never; upsertEvent?: never; }
  |  { deleteAllAvailablePeriods?: never; deleteAvailablePeriod?: never; deleteEvent?: never;   deleteExternalEvent: DeleteExternalEventInput; editExternalEvent?: never; upsertAvailablePeriod?: never; upsertEvent?: never; }
  |  { deleteAllAvailablePeriods?: never; deleteAvailablePeriod?: never; deleteEvent?: never; deleteExternalEvent?: never;   editExternalEvent: EditExternalEventInput; upsertAvailablePeriod?: never; upsertEvent?: never; }
  |  { deleteAllAvailablePeriods?: never; deleteAvailablePeriod?: never; deleteEvent?: never; deleteExternalEvent?: never; editExternalEvent?: never;   upsertAvailablePeriod: UpsertAvailablePeriodInput; upsertEvent?: never; }
  |  { deleteAllAvailablePeriods?: never; deleteAvailablePeriod?: never; deleteEvent?: never; deleteExternalEvent?: never; editExternalEvent?: never; upsertAvailablePeriod?: never;   upsertEvent: UpsertEventInput; };

export type ConferencingInput = {
  /** With profileId "explicit": the URL to join. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  joinUrl?: string | null | undefined;
  /** "default", "explicit", "integrated" or a conferencing profile id. */
  profileId: string;
  /** With profileId "explicit": the provider's name as shown. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  providerDescription?: string | null | undefined;
};

/** Confirms a bulk delete of available periods. */
export type DeleteAllAvailablePeriodsInput = {
  /** Cronofy's delete_all. Must be true; false is refused with a ValidationError and nothing is sent. */
  deleteAll: boolean;
};

export type DeleteAvailablePeriodInput = {
  /** Your own id of the available period to delete. */
  availablePeriodId: string;
};

export type DeleteEventInput = {
  calendarId: string;
  eventId: string;
};

export type DeleteExternalEventInput = {
  calendarId: string;
  eventUid: string;
};

export type EditExternalEventInput = {
  /** Attachments (Cronofy beta): files uploaded first with Cronofy's Create Attachment, by id. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  attachments?: Array<AttachmentInput> | null | undefined;
  /** Invites and removals. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  attendees?: AttendeesInput | null | undefined;
  calendarId: string;
  /** Hex colour such as "#49BED8", where the calendar supports event colours. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  color?: string | null | undefined;
  /** Conferencing Services: a conference made for the event, or one given explicitly. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  conferencing?: ConferencingInput | null | undefined;
  /** Plain text; at most 4096 characters; "" for none. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  description?: string | null | undefined;
  /** After start; for all-day events the day after the last day. */
  end: string;
  /** IANA zone for end, as startTzid. Absent sends end as a UTC time; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  endTzid?: string | null | undefined;
  /** Mark the event private. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  eventPrivate?: boolean | null | undefined;
  /** Cronofy's id of the event, e.g. from Read Events. */
  eventUid: string;
  /** Transparency with the states some calendars have (tentative, working elsewhere, out of office); sent as Cronofy's extended_transparency, which the official C# SDK sends with upserts. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  extendedTransparency?: ExtendedTransparency | null | undefined;
  /** Templating (Cronofy alpha): the language of the event's content as a two-letter code, e.g. "en". null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  locale?: string | null | undefined;
  /** Where the event takes place. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  location?: LocationInput | null | undefined;
  /** Recurring events (Cronofy alpha). rules: [] removes the recurrence; null is taken as { rules: [] } and sent so. Absent keeps it. */
  recurrence?: RecurrenceInput | null | undefined;
  /** In priority order; a provider applies as many as it supports. [] clears them; null is taken as [] and sent as []. */
  reminders?: Array<ReminderInput> | null | undefined;
  /** Apply reminders only when the event is created. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  remindersCreateOnly?: boolean | null | undefined;
  start: string;
  /** IANA zone for start, sent as Cronofy's { time, tzid } form, spelled as the tz database spells it ("europe/london" and "GB" go as "Europe/London"). Absent sends start as a UTC time; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  startTzid?: string | null | undefined;
  /** [] removes them; null is taken as [] and sent as []. Absent leaves them as they are. */
  subscriptions?: Array<SubscriptionInput> | null | undefined;
  /** The title; at most 1024 characters. */
  summary: string;
  /** Whether the event shows as busy. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  transparency?: Transparency | null | undefined;
  /** IANA zone the event is shown in (Cronofy's default: Etc/UTC), canonical as startTzid. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  tzid?: string | null | undefined;
  /** An absolute URL. Absent leaves the URL as it is; null removes it (sent as null, as Cronofy documents). */
  url?: string | null | undefined;
};

/** How the event shows in the account's free/busy, with more states than Transparency. */
export type ExtendedTransparency =
  /** Busy. */
  | 'OPAQUE'
  | 'OUT_OF_OFFICE'
  | 'TENTATIVE'
  /** Free. */
  | 'TRANSPARENT'
  | 'WORKING_ELSEWHERE';

/** Every field optional; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
export type LocationInput = {
  /** The place, as text. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  description?: string | null | undefined;
  /** Latitude as a string, e.g. "51.5072". null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  lat?: string | null | undefined;
  /** Longitude as a string, e.g. "-0.1276". null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  long?: string | null | undefined;
};

export type RecurrenceFrequency =
  | 'DAILY'
  | 'MONTHLY'
  | 'WEEKLY'
  | 'YEARLY';

/** Recurring events (Cronofy alpha). In practice one rule. */
export type RecurrenceInput = {
  /** [] removes the recurrence. */
  rules: Array<RecurrenceRuleInput>;
};

export type RecurrenceRuleInput = {
  /** WEEKLY rules only: the days it occurs on. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  byDay?: Array<Weekday> | null | undefined;
  frequency: RecurrenceFrequency;
  /** Every how many periods, e.g. 2 for every other week. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  interval?: number | null | undefined;
};

export type ReminderInput = {
  /** Minutes before the start. */
  minutes: number;
};

/** A webhook Cronofy calls about this event: on interactions (conferencing), on transitions (Event Triggers, beta), or both. A subscription with neither is refused before sending. */
export type SubscriptionInput = {
  /** Conferencing interactions to be notified of. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  interactions?: Array<SubscriptionInteractionInput> | null | undefined;
  /** Event Triggers (Cronofy beta): moments before or after the event's start or end. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  transitions?: Array<SubscriptionTransitionInput> | null | undefined;
  type: SubscriptionType;
  /** The absolute URL Cronofy POSTs to; it may carry a query string. */
  uri: string;
};

export type SubscriptionInteractionInput = {
  type: SubscriptionInteractionType;
};

export type SubscriptionInteractionType =
  | 'CONFERENCING_ASSIGNED'
  | 'CONFERENCING_FAILING';

/** Event Triggers (Cronofy beta): a moment relative to the event, offset.minutes before or after its start or end. Give exactly one of before and after. */
export type SubscriptionTransitionInput = {
  /** Notify offset.minutes after this point. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning: leave it out. */
  after?: SubscriptionTransitionPoint | null | undefined;
  /** Notify offset.minutes before this point. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning: leave it out. */
  before?: SubscriptionTransitionPoint | null | undefined;
  offset: SubscriptionTransitionOffsetInput;
};

export type SubscriptionTransitionOffsetInput = {
  /** Minutes from the point; 0 for the point itself. */
  minutes: number;
};

/** The point of the event a transition is relative to. */
export type SubscriptionTransitionPoint =
  | 'EVENT_END'
  | 'EVENT_START';

export type SubscriptionType =
  | 'WEBHOOK';

export type Transparency =
  | 'OPAQUE'
  | 'TRANSPARENT';

export type UpsertAvailablePeriodInput = {
  /** Your own id (Cronofy's available_period_id): printable ASCII, at most 64 characters. The first write with an id creates the period, later ones update it. */
  availablePeriodId: string;
  /** When the period ends; not before start. */
  end: string;
  /** IANA zone for end ("Europe/Paris"), sent as Cronofy's { time, tzid } form. Leave it out to send end as a plain UTC time; null is refused, as Cronofy gives it no meaning. */
  endTzid?: string | null | undefined;
  /** When the period starts; sent in UTC whatever startTzid says. */
  start: string;
  /** IANA zone for start ("Europe/Paris"), sent as Cronofy's { time, tzid } form. Leave it out to send start as a plain UTC time; null is refused, as Cronofy gives it no meaning. */
  startTzid?: string | null | undefined;
};

export type UpsertEventInput = {
  /** Attachments (Cronofy beta): files uploaded first with Cronofy's Create Attachment, by id. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  attachments?: Array<AttachmentInput> | null | undefined;
  /** Invites and removals. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  attendees?: AttendeesInput | null | undefined;
  calendarId: string;
  /** Hex colour such as "#49BED8", where the calendar supports event colours. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  color?: string | null | undefined;
  /** Conferencing Services: a conference made for the event, or one given explicitly. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  conferencing?: ConferencingInput | null | undefined;
  /** Plain text; at most 4096 characters; "" for none. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  description?: string | null | undefined;
  /** After start; for all-day events the day after the last day. */
  end: string;
  /** IANA zone for end, as startTzid. Absent sends end as a UTC time; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  endTzid?: string | null | undefined;
  /** Your own id; the upsert key. */
  eventId: string;
  /** Mark the event private. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  eventPrivate?: boolean | null | undefined;
  /** Transparency with the states some calendars have (tentative, working elsewhere, out of office); sent as Cronofy's extended_transparency, which the official C# SDK sends with upserts. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  extendedTransparency?: ExtendedTransparency | null | undefined;
  /** Templating (Cronofy alpha): the language of the event's content as a two-letter code, e.g. "en". null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  locale?: string | null | undefined;
  /** Where the event takes place. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  location?: LocationInput | null | undefined;
  /** Recurring events (Cronofy alpha). rules: [] removes the recurrence; null is taken as { rules: [] } and sent so. Absent keeps it. */
  recurrence?: RecurrenceInput | null | undefined;
  /** In priority order; a provider applies as many as it supports. [] clears them; null is taken as [] and sent as []. */
  reminders?: Array<ReminderInput> | null | undefined;
  /** Apply reminders only when the event is created. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  remindersCreateOnly?: boolean | null | undefined;
  start: string;
  /** IANA zone for start, sent as Cronofy's { time, tzid } form, spelled as the tz database spells it ("europe/london" and "GB" go as "Europe/London"). Absent sends start as a UTC time; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  startTzid?: string | null | undefined;
  /** [] removes them; null is taken as [] and sent as []. Absent leaves them as they are. */
  subscriptions?: Array<SubscriptionInput> | null | undefined;
  /** The title; at most 1024 characters. */
  summary: string;
  /** Whether the event shows as busy. Absent leaves it as it is; null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  transparency?: Transparency | null | undefined;
  /** IANA zone the event is shown in (Cronofy's default: Etc/UTC), canonical as startTzid. null is refused (ValidationError, errors.null), since Cronofy gives it no meaning. */
  tzid?: string | null | undefined;
  /** An absolute URL. Absent leaves the URL as it is; null removes it (sent as null, as Cronofy documents). */
  url?: string | null | undefined;
};

export type Weekday =
  | 'FRIDAY'
  | 'MONDAY'
  | 'SATURDAY'
  | 'SUNDAY'
  | 'THURSDAY'
  | 'TUESDAY'
  | 'WEDNESDAY';

export type CancelEventMutationVariables = Exact<{
  calendarId: string;
  eventId: string;
}>;


export type CancelEventMutation = { deleteEvent:
    | { __typename: 'CronofyRequestError', status: number, message: string }
    | { __typename: 'DeleteEventSuccess', calendarId: string, eventId: string, status: number }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ field: string, key: string, description: string }> }
   | null };

export type PlanTheWeekMutationVariables = Exact<{
  standup: UpsertEventInput;
  review: UpsertEventInput;
  focus: UpsertAvailablePeriodInput;
}>;


export type PlanTheWeekMutation = { standup:
    | { __typename: 'CronofyRequestError', status: number, message: string }
    | { __typename: 'UpsertEventSuccess', calendarId: string, eventId: string, status: number }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ field: string, key: string, description: string }> }
   | null, review:
    | { __typename: 'CronofyRequestError', status: number, message: string }
    | { __typename: 'UpsertEventSuccess', calendarId: string, eventId: string, status: number }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ field: string, key: string, description: string }> }
   | null, focus:
    | { __typename: 'CronofyRequestError', status: number, message: string }
    | { __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: string, status: number }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ field: string, key: string, description: string }> }
   | null };

type Refusal_CronofyRequestError_Fragment = { status: number, message: string };

type Refusal_ValidationError_Fragment = { message: string, fieldErrors: Array<{ field: string, key: string, description: string }> };

export type RefusalFragment =
  | Refusal_CronofyRequestError_Fragment
  | Refusal_ValidationError_Fragment
;

export type SendBatchMutationVariables = Exact<{
  requests: Array<BatchRequestInput> | BatchRequestInput;
}>;


export type SendBatchMutation = { batch: Array<
    | { __typename: 'CronofyRequestError', status: number, message: string }
    | { __typename: 'DeleteAllAvailablePeriodsSuccess' }
    | { __typename: 'DeleteAvailablePeriodSuccess', availablePeriodId: string, status: number }
    | { __typename: 'DeleteEventSuccess', calendarId: string, eventId: string, status: number }
    | { __typename: 'DeleteExternalEventSuccess', calendarId: string, eventUid: string, status: number }
    | { __typename: 'EditExternalEventSuccess', calendarId: string, eventUid: string, status: number }
    | { __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: string, status: number }
    | { __typename: 'UpsertEventSuccess', calendarId: string, eventId: string, status: number }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ field: string, key: string, description: string }> }
   | null> | null };

export type ServiceQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceQuery = { batchLimit: number, dataCenter: { id: string, host: string } };

export type UpsertEventMutationVariables = Exact<{
  input: UpsertEventInput;
}>;


export type UpsertEventMutation = { upsertEvent:
    | { __typename: 'CronofyRequestError', status: number, message: string }
    | { __typename: 'UpsertEventSuccess', calendarId: string, eventId: string, status: number }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ field: string, key: string, description: string }> }
   | null };

export const RefusalFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<RefusalFragment, unknown>;
export const CancelEventDocument = {"__meta__":{"hash":"sha256:0f359c2e1ddc83e9cf712a45c11eed721538e0782fc9b850abc9e5a90288c952"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"calendarId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"calendarId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"calendarId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"eventId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<CancelEventMutation, CancelEventMutationVariables>;
export const PlanTheWeekDocument = {"__meta__":{"hash":"sha256:f07750aea47e1be5bb99c7bcffe5e555989d02704c3142914b85d70097d296ee"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PlanTheWeek"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"standup"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"review"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"focus"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertAvailablePeriodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"standup"},"name":{"kind":"Name","value":"upsertEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"standup"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"review"},"name":{"kind":"Name","value":"upsertEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"review"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"focus"},"name":{"kind":"Name","value":"upsertAvailablePeriod"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"focus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertAvailablePeriodSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availablePeriodId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<PlanTheWeekMutation, PlanTheWeekMutationVariables>;
export const SendBatchDocument = {"__meta__":{"hash":"sha256:f529f306488cb59dd2b5aa21140515909c555711aa81b42bb832533cc9250416"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendBatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"requests"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BatchRequestInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"requests"},"value":{"kind":"Variable","name":{"kind":"Name","value":"requests"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EditExternalEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventUid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteExternalEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventUid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertAvailablePeriodSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availablePeriodId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteAvailablePeriodSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availablePeriodId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SendBatchMutation, SendBatchMutationVariables>;
export const ServiceDocument = {"__meta__":{"hash":"sha256:b6878f4cc00b8cec34ecac76829e4ec4744a35f551d4001d63f0b9f8de94f273"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchLimit"}},{"kind":"Field","name":{"kind":"Name","value":"dataCenter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"host"}}]}}]}}]} as unknown as DocumentNode<ServiceQuery, ServiceQueryVariables>;
export const UpsertEventDocument = {"__meta__":{"hash":"sha256:b331ac6dc8bd4041f2e003ffb12f05444473437167ccfaf6fcfeaffce5fb5f0c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpsertEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upsertEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<UpsertEventMutation, UpsertEventMutationVariables>;