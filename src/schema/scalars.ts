import { createGraphQLError } from 'graphql-yoga';
import { parseEventTime, parseInstant } from '../entries/time.js';
import { builder } from './builder.js';

/** Scalars refuse with a GraphQLError so the reason reaches the caller instead of being masked. */
function stringInput(name: string, parse: (text: string) => string) {
  return (value: unknown): string => {
    if (typeof value !== 'string') {
      throw createGraphQLError(`${name} takes a string, such as "2014-08-05T15:30:00Z".`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    try {
      return parse(value);
    } catch (error) {
      throw createGraphQLError((error as Error).message, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  };
}

builder.scalarType('Instant', {
  description:
    'A moment in time, ISO 8601 with whole seconds: "2014-08-05T15:30:00Z". An offset such as "+01:00" is accepted and converted to UTC; a non-zero fraction of a second is refused, as Cronofy refuses it.',
  serialize: (value) => value,
  parseValue: stringInput('Instant', parseInstant),
});

builder.scalarType('EventTime', {
  description:
    'An event boundary: an Instant ("2014-08-05T15:30:00Z", offsets converted to UTC) or, for an all-day event, a date ("2014-08-05", the end being the day after the last day).',
  serialize: (value) => value,
  parseValue: stringInput('EventTime', parseEventTime),
});
