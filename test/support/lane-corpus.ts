import { eventInput } from './stack.js';

/**
 * Trusted mutations of every shape the lane's prepared executor takes (`prepareExecution`), with
 * variables that write successfully: each write kind, aliases and repeated response keys, named
 * and inline fragments on the union, on `Error` and on each member, `__typename` at each level,
 * nested `fieldErrors` and entity fields, literal arguments. The trusted lane's differential
 * suite sends each to a server with the lane and to one without it.
 */
export const LANE_CORPUS: Record<string, { query: string; variables: Record<string, unknown> }> = {
  allKinds: {
    query: `mutation AllKinds(
  $up: UpsertEventInput!, $del: DeleteEventInput!, $edit: EditExternalEventInput!, $delx: DeleteExternalEventInput!,
  $ap: UpsertAvailablePeriodInput!, $delap: DeleteAvailablePeriodInput!, $all: DeleteAllAvailablePeriodsInput!
) {
  up: upsertEvent(input: $up) { __typename ...OnError ... on UpsertEventSuccess { status eventId event { __typename calendarId eventId } } }
  del: deleteEvent(input: $del) { ... on DeleteEventSuccess { calendarId event { eventId } } ... on Error { message } }
  edit: editExternalEvent(input: $edit) {
    __typename
    ... on ValidationError { fieldErrors { field inSchema key description __typename } }
    ... on EditExternalEventSuccess { eventUid externalEvent { eventUid calendarId } }
    ...OnError
  }
  delx: deleteExternalEvent(input: $delx) { ... on DeleteExternalEventSuccess { externalEvent { calendarId eventUid } } ... on CronofyRequestError { status } }
  ap: upsertAvailablePeriod(input: $ap) { ... on UpsertAvailablePeriodSuccess { availablePeriodId availablePeriod { availablePeriodId __typename } } ...OnError }
  delap: deleteAvailablePeriod(input: $delap) { __typename ... on DeleteAvailablePeriodSuccess { status availablePeriod { availablePeriodId } } }
  all: deleteAllAvailablePeriods(input: $all) { __typename ... on DeleteAllAvailablePeriodsSuccess { status } ...OnError }
}
fragment OnError on Error { __typename message ... on ValidationError { fieldErrors { key field } } ... on CronofyRequestError { status } }`,
    variables: {
      up: eventInput(1),
      del: { calendarId: 'cal_1', eventId: 'event-1' },
      edit: { ...eventInput(2), eventId: undefined, eventUid: 'external-2' },
      delx: { calendarId: 'cal_1', eventUid: 'external-3' },
      ap: { availablePeriodId: 'focus', start: '2026-12-08T13:00:00Z', end: '2026-12-08T17:00:00Z' },
      delap: { availablePeriodId: 'focus' },
      all: { deleteAll: true },
    },
  },
  aliases: {
    query: `mutation Aliases($a: UpsertEventInput!, $b: UpsertEventInput!) {
  first: upsertEvent(input: $a) {
    kind: __typename
    __typename
    ... on UpsertEventSuccess { id: eventId status eventId }
    ... on UpsertEventSuccess { status calendarId id: eventId event { calendarId } }
    ...Event
  }
  second: upsertEvent(input: $b) { ...Event ...Event ... on Error { text: message message } }
  first: upsertEvent(input: $a) { ... on Error { message } kind: __typename }
  third: upsertEvent(input: { calendarId: "cal_1", eventId: "literal", summary: "Literal", start: "2026-12-09T09:00:00Z", end: "2026-12-09T10:00:00Z" }) {
    ... on UpsertEventSuccess { eventId }
  }
}
fragment Event on UpsertEventResult { ... on UpsertEventSuccess { event { eventId } event { calendarId e: eventId } } __typename }`,
    variables: { a: eventInput(4), b: eventInput(5, 'cal_2') },
  },
  fragments: {
    query: `mutation Fragments($a: DeleteEventInput!, $b: DeleteEventInput!, $c: UpsertEventInput!) {
  a: deleteEvent(input: $a) { ...OnResult ...OnSuccess ...OnValidation ...OnCronofy }
  b: deleteEvent(input: $b) { ... { __typename } ...OnErrorInterface ... on DeleteEventResult { ... on DeleteEventSuccess { status } } }
  c: upsertEvent(input: $c) { ...Upserted ... on Error { ...OnErrorInterface } }
}
fragment OnResult on DeleteEventResult { __typename ... on Error { message } }
fragment OnSuccess on DeleteEventSuccess { calendarId eventId event { __typename eventId } }
fragment OnValidation on ValidationError { fieldErrors { ...FieldErrorFields } message }
fragment FieldErrorFields on FieldError { field key inSchema }
fragment OnCronofy on CronofyRequestError { status message __typename }
fragment OnErrorInterface on Error { message __typename }
fragment Upserted on UpsertEventSuccess { __typename event { ... on CalendarEvent { eventId } } }`,
    variables: { a: { calendarId: 'cal_1', eventId: 'event-6' }, b: { calendarId: 'cal_2', eventId: 'event-7' }, c: eventInput(8) },
  },
};
