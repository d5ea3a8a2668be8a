/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AttendeeInput = {
  displayName?: string | null | undefined;
  email: string;
};

export type AttendeesInput = {
  /** People to invite. */
  invite?: Array<AttendeeInput> | null | undefined;
  /** People to remove from the event. */
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
  joinUrl?: string | null | undefined;
  /** "default", "explicit", "integrated" or a conferencing profile id. */
  profileId: string;
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
  includeUserinfo?: boolean | null | undefined;
};

export type DeleteExternalEventInput = {
  calendarId: string;
  eventUid: string;
};

export type EditExternalEventInput = {
  attendees?: AttendeesInput | null | undefined;
  calendarId: string;
  /** Hex colour such as "#49BED8", where the calendar supports event colours. */
  color?: string | null | undefined;
  /** Absent leaves conferencing as it is. */
  conferencing?: ConferencingInput | null | undefined;
  /** Plain text; at most 4096 characters. null clears it. */
  description?: string | null | undefined;
  /** Not before start; for all-day events the day after the last day. */
  end: string;
  /** IANA zone for end, sent as Cronofy's { time, tzid } form. */
  endTzid?: string | null | undefined;
  eventPrivate?: boolean | null | undefined;
  /** Cronofy's id of the event, e.g. from Read Events. */
  eventUid: string;
  location?: LocationInput | null | undefined;
  recurrence?: RecurrenceInput | null | undefined;
  /** In priority order; [] clears them. */
  reminders?: Array<ReminderInput> | null | undefined;
  /** Apply reminders only when the event is created. */
  remindersCreateOnly?: boolean | null | undefined;
  start: string;
  /** IANA zone for start, sent as Cronofy's { time, tzid } form. */
  startTzid?: string | null | undefined;
  /** [] removes them. */
  subscriptions?: Array<SubscriptionInput> | null | undefined;
  /** The title; at most 1024 characters. */
  summary: string;
  transparency?: Transparency | null | undefined;
  /** IANA zone the event is shown in; Cronofy defaults to Etc/UTC. */
  tzid?: string | null | undefined;
  /** Absent leaves the URL as it is; null removes it. */
  url?: string | null | undefined;
};

export type LocationInput = {
  description?: string | null | undefined;
  /** Latitude as a string, e.g. "51.5072". */
  lat?: string | null | undefined;
  /** Longitude as a string, e.g. "-0.1276". */
  long?: string | null | undefined;
};

export type RecurrenceFrequency =
  | 'DAILY'
  | 'MONTHLY'
  | 'WEEKLY'
  | 'YEARLY';

export type RecurrenceInput = {
  rules: Array<RecurrenceRuleInput>;
};

export type RecurrenceRuleInput = {
  byDay?: Array<Weekday> | null | undefined;
  frequency: RecurrenceFrequency;
  interval?: number | null | undefined;
};

export type ReminderInput = {
  /** Minutes before the start. */
  minutes: number;
};

export type SubscriptionInput = {
  interactions: Array<SubscriptionInteractionInput>;
  type: SubscriptionType;
  uri: string;
};

export type SubscriptionInteractionInput = {
  type: SubscriptionInteractionType;
};

export type SubscriptionInteractionType =
  | 'CONFERENCING_ASSIGNED'
  | 'CONFERENCING_FAILING';

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
  attendees?: AttendeesInput | null | undefined;
  calendarId: string;
  /** Hex colour such as "#49BED8", where the calendar supports event colours. */
  color?: string | null | undefined;
  /** Absent leaves conferencing as it is. */
  conferencing?: ConferencingInput | null | undefined;
  /** Plain text; at most 4096 characters. null clears it. */
  description?: string | null | undefined;
  /** Not before start; for all-day events the day after the last day. */
  end: string;
  /** IANA zone for end, sent as Cronofy's { time, tzid } form. */
  endTzid?: string | null | undefined;
  /** Your own id; the upsert key. */
  eventId: string;
  eventPrivate?: boolean | null | undefined;
  location?: LocationInput | null | undefined;
  recurrence?: RecurrenceInput | null | undefined;
  /** In priority order; [] clears them. */
  reminders?: Array<ReminderInput> | null | undefined;
  /** Apply reminders only when the event is created. */
  remindersCreateOnly?: boolean | null | undefined;
  start: string;
  /** IANA zone for start, sent as Cronofy's { time, tzid } form. */
  startTzid?: string | null | undefined;
  /** [] removes them. */
  subscriptions?: Array<SubscriptionInput> | null | undefined;
  /** The title; at most 1024 characters. */
  summary: string;
  transparency?: Transparency | null | undefined;
  /** IANA zone the event is shown in; Cronofy defaults to Etc/UTC. */
  tzid?: string | null | undefined;
  /** Absent leaves the URL as it is; null removes it. */
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
export const CancelEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"calendarId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"calendarId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"calendarId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"eventId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<CancelEventMutation, CancelEventMutationVariables>;
export const PlanTheWeekDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PlanTheWeek"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"standup"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"review"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"focus"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertAvailablePeriodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"standup"},"name":{"kind":"Name","value":"upsertEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"standup"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"review"},"name":{"kind":"Name","value":"upsertEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"review"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"focus"},"name":{"kind":"Name","value":"upsertAvailablePeriod"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"focus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertAvailablePeriodSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availablePeriodId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<PlanTheWeekMutation, PlanTheWeekMutationVariables>;
export const SendBatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendBatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"requests"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BatchRequestInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"requests"},"value":{"kind":"Variable","name":{"kind":"Name","value":"requests"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EditExternalEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventUid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteExternalEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventUid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertAvailablePeriodSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availablePeriodId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteAvailablePeriodSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availablePeriodId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SendBatchMutation, SendBatchMutationVariables>;
export const ServiceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchLimit"}},{"kind":"Field","name":{"kind":"Name","value":"dataCenter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"host"}}]}}]}}]} as unknown as DocumentNode<ServiceQuery, ServiceQueryVariables>;
export const UpsertEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpsertEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upsertEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertEventSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendarId"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Refusal"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Refusal"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CronofyRequestError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<UpsertEventMutation, UpsertEventMutationVariables>;