import { ApolloClient, CombinedGraphQLErrors, InMemoryCache } from '@apollo/client';
import { BatchHttpLink } from '@apollo/client/link/batch-http';
import { describe, expect, it } from 'vitest';
import { UpsertEventDocument } from '../../examples/generated/graphql.js';
import introspection from '../../examples/generated/possible-types.js';
import { ALICE, eventInput, useStack } from '../support/stack.js';

const stack = useStack();

/** Apollo Client as an app would set it up, over a fetch that keeps each HTTP request's body. */
function apolloClient() {
  const requests: unknown[] = [];
  const client = new ApolloClient({
    link: new BatchHttpLink({
      uri: stack.server.url,
      headers: { authorization: `Bearer ${ALICE}` },
      fetch: async (input, init) => {
        requests.push(JSON.parse(String(init?.body)));
        return fetch(input, init);
      },
    }),
    // Generated, so the cache knows which result types `... on Error` covers.
    cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
  });
  return { client, requests };
}

const sentEventIds = () => stack.simulator.calls.map((call) => call.entries.map((entry: any) => entry.data.event_id));

describe('Apollo Client with BatchHttpLink', () => {
  it('sends concurrent mutate calls as one HTTP request and one Cronofy call, each with its own result', async () => {
    const { client, requests } = apolloClient();

    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => client.mutate({ mutation: UpsertEventDocument, variables: { input: eventInput(n) } })),
    );

    expect(requests).toHaveLength(1);
    expect(requests[0]).toHaveLength(4);
    expect(sentEventIds()).toEqual([['event-1', 'event-2', 'event-3', 'event-4']]);
    expect(results.map((result) => result.data?.upsertEvent)).toEqual(
      [1, 2, 3, 4].map((n) => ({ __typename: 'UpsertEventSuccess', calendarId: 'cal_1', eventId: `event-${n}`, status: 202 })),
    );
  });

  it('answers a refused or invalid operation on its own while its siblings succeed', async () => {
    const { client, requests } = apolloClient();
    const mutate = (input: ReturnType<typeof eventInput>) => client.mutate({ mutation: UpsertEventDocument, variables: { input } });

    const [ok, unknownCalendar, endBeforeStart, badTime, alsoOk] = await Promise.allSettled([
      mutate(eventInput(1)),
      mutate(eventInput(2, 'cal_unknown')),
      mutate({ ...eventInput(3), end: '2026-12-07T08:00:00Z' }),
      mutate({ ...eventInput(4), start: 'next Monday' }),
      mutate(eventInput(5)),
    ]);

    expect(requests).toHaveLength(1);
    // The refused-before-sending and the invalid operation never reach Cronofy; the rest share a call.
    expect(sentEventIds()).toEqual([['event-1', 'event-2', 'event-5']]);
    expect(ok).toMatchObject({
      status: 'fulfilled',
      value: { data: { upsertEvent: { __typename: 'UpsertEventSuccess', eventId: 'event-1' } } },
    });
    expect(alsoOk).toMatchObject({
      status: 'fulfilled',
      value: { data: { upsertEvent: { __typename: 'UpsertEventSuccess', eventId: 'event-5' } } },
    });
    expect(unknownCalendar).toMatchObject({
      status: 'fulfilled',
      value: { data: { upsertEvent: { __typename: 'CronofyRequestError', status: 404 } } },
    });
    expect(endBeforeStart).toMatchObject({
      status: 'fulfilled',
      value: { data: { upsertEvent: { __typename: 'ValidationError', fieldErrors: [{ field: 'end', key: 'errors.end_before_start' }] } } },
    });
    expect(badTime.status).toBe('rejected');
    const error = (badTime as PromiseRejectedResult).reason;
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
