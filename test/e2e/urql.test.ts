import { Client, fetchExchange } from '@urql/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CancelEventDocument,
  PlanTheWeekDocument,
  type PlanTheWeekMutation,
  type PlanTheWeekMutationVariables,
  SendBatchDocument,
  ServiceDocument,
} from '../../examples/generated/graphql.js';
import { ALICE, useStack } from '../support/stack.js';

const stack = useStack();

function urqlClient(token = ALICE) {
  return new Client({
    url: stack.server.url,
    exchanges: [fetchExchange],
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
  });
}

const week: PlanTheWeekMutationVariables = {
  standup: {
    calendarId: 'cal_1',
    eventId: 'standup-monday',
    summary: 'Stand-up',
    start: '2026-12-07T09:00:00Z',
    end: '2026-12-07T09:15:00Z',
  },
  review: {
    calendarId: 'cal_2',
    eventId: 'review-friday',
    summary: 'Sprint review',
    start: '2026-12-11T15:00:00+01:00',
    end: '2026-12-11T16:00:00+01:00',
    location: { description: 'Board room' },
  },
  focus: { availablePeriodId: 'focus-tuesday', start: '2026-12-08T13:00:00Z', end: '2026-12-08T17:00:00Z' },
};

describe('urql with the generated typed documents', () => {
  it('plans the week in one operation, one Cronofy call, with typed answers per field', async () => {
    const result = await urqlClient().mutation(PlanTheWeekDocument, week).toPromise();

    expectTypeOf(result.data).toEqualTypeOf<PlanTheWeekMutation | undefined>();
    expect(result.error).toBeUndefined();
    const { standup, review, focus } = result.data!;
    // The union narrows on __typename, so the success fields are typed where they exist.
    if (standup?.__typename !== 'UpsertEventSuccess' || review?.__typename !== 'UpsertEventSuccess') throw new Error('not applied');
    if (focus?.__typename !== 'UpsertAvailablePeriodSuccess') throw new Error('not applied');
    expect([standup.calendarId, standup.eventId, standup.status]).toEqual(['cal_1', 'standup-monday', 202]);
    expect([review.calendarId, review.eventId, review.status]).toEqual(['cal_2', 'review-friday', 202]);
    expect([focus.availablePeriodId, focus.status]).toEqual(['focus-tuesday', 202]);

    expect(stack.simulator.calls).toHaveLength(1);
    const account = stack.simulator.account(ALICE);
    expect(account.calendars.get('cal_2')?.events.get('review-friday')).toMatchObject({
      summary: 'Sprint review',
      start: '2026-12-11T14:00:00Z',
      location: { description: 'Board room' },
    });
    expect(account.availablePeriods.has('focus-tuesday')).toBe(true);
  });

  it('types the variables: a missing input does not compile, and the server names it when sent anyway', async () => {
    const { standup, review } = week;
    // @ts-expect-error `focus` is a required variable of PlanTheWeek.
    const result = await urqlClient().mutation(PlanTheWeekDocument, { standup, review }).toPromise();

    expect(result.data).toBeUndefined();
    expect(result.error?.graphQLErrors[0]?.message).toContain('"$focus"');
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('cancels an event and reads its refusal as the shared Refusal fragment', async () => {
    const client = urqlClient();
    await client.mutation(PlanTheWeekDocument, week).toPromise();

    const cancelled = await client.mutation(CancelEventDocument, { calendarId: 'cal_1', eventId: 'standup-monday' }).toPromise();
    const unknown = await client.mutation(CancelEventDocument, { calendarId: 'cal_unknown', eventId: 'standup-monday' }).toPromise();

    expect(cancelled.data?.deleteEvent).toEqual({
      __typename: 'DeleteEventSuccess',
      calendarId: 'cal_1',
      eventId: 'standup-monday',
      status: 202,
    });
    expect(stack.simulator.account(ALICE).calendars.get('cal_1')?.events.has('standup-monday')).toBe(false);
    const refusal = unknown.data?.deleteEvent;
    if (refusal?.__typename !== 'CronofyRequestError') throw new Error(`expected a refusal, got ${refusal?.__typename}`);
    expect(refusal.status).toBe(404);
    expect(refusal.message).not.toBe('');
  });

  it('sends writes built at run time through the batch field, answered in order', async () => {
    const requests = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0
        ? { upsertEvent: { calendarId: 'cal_1', eventId: `run-${i}`, summary: `Run ${i}`, start: '2026-12-07', end: '2026-12-08' } }
        : { deleteAvailablePeriod: { availablePeriodId: `ap-${i}` } },
    );

    const result = await urqlClient().mutation(SendBatchDocument, { requests }).toPromise();

    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([50, 10]);
    expect(result.data?.batch?.map((answer) => answer?.__typename)).toEqual(
      requests.map((request) => ('upsertEvent' in request ? 'UpsertEventSuccess' : 'DeleteAvailablePeriodSuccess')),
    );
  });

  it('queries the service without a token, over GET with the CSRF header', async () => {
    // urql sends queries as GET; a GET must carry the CSRF header (see docs/security.md).
    const client = new Client({
      url: stack.server.url,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { 'x-graphql-yoga-csrf': '1' } },
    });
    const result = await client.query(ServiceDocument, {}).toPromise();

    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ batchLimit: 50, dataCenter: { id: 'us', host: 'api.cronofy.com' } });
  });
});
