/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation CancelEvent($calendarId: String!, $eventId: String!) {\n  deleteEvent(input: {calendarId: $calendarId, eventId: $eventId}) {\n    __typename\n    ... on DeleteEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n}": typeof types.CancelEventDocument,
    "mutation PlanTheWeek($standup: UpsertEventInput!, $review: UpsertEventInput!, $focus: UpsertAvailablePeriodInput!) {\n  standup: upsertEvent(input: $standup) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n  review: upsertEvent(input: $review) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n  focus: upsertAvailablePeriod(input: $focus) {\n    __typename\n    ... on UpsertAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ...Refusal\n  }\n}": typeof types.PlanTheWeekDocument,
    "fragment Refusal on Error {\n  message\n  ... on ValidationError {\n    fieldErrors {\n      field\n      key\n      description\n    }\n  }\n  ... on CronofyRequestError {\n    status\n  }\n}": typeof types.RefusalFragmentDoc,
    "mutation SendBatch($requests: [BatchRequestInput!]!) {\n  batch(requests: $requests) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ... on DeleteEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ... on EditExternalEventSuccess {\n      calendarId\n      eventUid\n      status\n    }\n    ... on DeleteExternalEventSuccess {\n      calendarId\n      eventUid\n      status\n    }\n    ... on UpsertAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ... on DeleteAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ...Refusal\n  }\n}": typeof types.SendBatchDocument,
    "query Service {\n  batchLimit\n  dataCenter {\n    id\n    host\n  }\n}": typeof types.ServiceDocument,
    "mutation UpsertEvent($input: UpsertEventInput!) {\n  upsertEvent(input: $input) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n}": typeof types.UpsertEventDocument,
};
const documents: Documents = {
    "mutation CancelEvent($calendarId: String!, $eventId: String!) {\n  deleteEvent(input: {calendarId: $calendarId, eventId: $eventId}) {\n    __typename\n    ... on DeleteEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n}": types.CancelEventDocument,
    "mutation PlanTheWeek($standup: UpsertEventInput!, $review: UpsertEventInput!, $focus: UpsertAvailablePeriodInput!) {\n  standup: upsertEvent(input: $standup) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n  review: upsertEvent(input: $review) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n  focus: upsertAvailablePeriod(input: $focus) {\n    __typename\n    ... on UpsertAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ...Refusal\n  }\n}": types.PlanTheWeekDocument,
    "fragment Refusal on Error {\n  message\n  ... on ValidationError {\n    fieldErrors {\n      field\n      key\n      description\n    }\n  }\n  ... on CronofyRequestError {\n    status\n  }\n}": types.RefusalFragmentDoc,
    "mutation SendBatch($requests: [BatchRequestInput!]!) {\n  batch(requests: $requests) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ... on DeleteEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ... on EditExternalEventSuccess {\n      calendarId\n      eventUid\n      status\n    }\n    ... on DeleteExternalEventSuccess {\n      calendarId\n      eventUid\n      status\n    }\n    ... on UpsertAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ... on DeleteAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ...Refusal\n  }\n}": types.SendBatchDocument,
    "query Service {\n  batchLimit\n  dataCenter {\n    id\n    host\n  }\n}": types.ServiceDocument,
    "mutation UpsertEvent($input: UpsertEventInput!) {\n  upsertEvent(input: $input) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n}": types.UpsertEventDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelEvent($calendarId: String!, $eventId: String!) {\n  deleteEvent(input: {calendarId: $calendarId, eventId: $eventId}) {\n    __typename\n    ... on DeleteEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n}"): (typeof documents)["mutation CancelEvent($calendarId: String!, $eventId: String!) {\n  deleteEvent(input: {calendarId: $calendarId, eventId: $eventId}) {\n    __typename\n    ... on DeleteEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PlanTheWeek($standup: UpsertEventInput!, $review: UpsertEventInput!, $focus: UpsertAvailablePeriodInput!) {\n  standup: upsertEvent(input: $standup) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n  review: upsertEvent(input: $review) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n  focus: upsertAvailablePeriod(input: $focus) {\n    __typename\n    ... on UpsertAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ...Refusal\n  }\n}"): (typeof documents)["mutation PlanTheWeek($standup: UpsertEventInput!, $review: UpsertEventInput!, $focus: UpsertAvailablePeriodInput!) {\n  standup: upsertEvent(input: $standup) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n  review: upsertEvent(input: $review) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n  focus: upsertAvailablePeriod(input: $focus) {\n    __typename\n    ... on UpsertAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ...Refusal\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Refusal on Error {\n  message\n  ... on ValidationError {\n    fieldErrors {\n      field\n      key\n      description\n    }\n  }\n  ... on CronofyRequestError {\n    status\n  }\n}"): (typeof documents)["fragment Refusal on Error {\n  message\n  ... on ValidationError {\n    fieldErrors {\n      field\n      key\n      description\n    }\n  }\n  ... on CronofyRequestError {\n    status\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendBatch($requests: [BatchRequestInput!]!) {\n  batch(requests: $requests) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ... on DeleteEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ... on EditExternalEventSuccess {\n      calendarId\n      eventUid\n      status\n    }\n    ... on DeleteExternalEventSuccess {\n      calendarId\n      eventUid\n      status\n    }\n    ... on UpsertAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ... on DeleteAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ...Refusal\n  }\n}"): (typeof documents)["mutation SendBatch($requests: [BatchRequestInput!]!) {\n  batch(requests: $requests) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ... on DeleteEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ... on EditExternalEventSuccess {\n      calendarId\n      eventUid\n      status\n    }\n    ... on DeleteExternalEventSuccess {\n      calendarId\n      eventUid\n      status\n    }\n    ... on UpsertAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ... on DeleteAvailablePeriodSuccess {\n      availablePeriodId\n      status\n    }\n    ...Refusal\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Service {\n  batchLimit\n  dataCenter {\n    id\n    host\n  }\n}"): (typeof documents)["query Service {\n  batchLimit\n  dataCenter {\n    id\n    host\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpsertEvent($input: UpsertEventInput!) {\n  upsertEvent(input: $input) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n}"): (typeof documents)["mutation UpsertEvent($input: UpsertEventInput!) {\n  upsertEvent(input: $input) {\n    __typename\n    ... on UpsertEventSuccess {\n      calendarId\n      eventId\n      status\n    }\n    ...Refusal\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;