import { describe, expect, it } from 'vitest';
import { CronofyClient } from '../src/cronofy/client.js';
import { answerOf, useStack } from './support/stack.js';

/** The official SDKs' test vectors (../shared/reference/cronofy-api.md), through GraphQL and over the wire. */
const SDK = 'sdk-fixture-token';
const stack = useStack({ accounts: [{ accessToken: SDK, calendarIds: ['calendar_id_123', 'cal_123_abc'] }] });

describe('SDK fixtures come out as exactly those batch entries', () => {
  it('upsert inside a batch', async () => {
    const { body } = await stack.graphql(
      `mutation { upsertEvent(input: {
        calendarId: "calendar_id_123", eventId: "qTtZdczOccgaPncGJaCiLg", summary: "Board meeting",
        description: "Discuss plans for the next quarter.", start: "2014-08-05T15:30:00Z", end: "2014-08-05T17:00:00Z",
        url: "https://example.com", location: { description: "Board room" }, reminders: [{ minutes: 60 }, { minutes: 0 }, { minutes: 10 }]
      }) { ${answerOf('UpsertEventSuccess')} } }`,
      {},
      { token: SDK },
    );
    expect(stack.simulator.calls[0]!.entries).toEqual([
      {
        method: 'POST',
        relative_url: '/v1/calendars/calendar_id_123/events',
        data: {
          event_id: 'qTtZdczOccgaPncGJaCiLg',
          summary: 'Board meeting',
          description: 'Discuss plans for the next quarter.',
          start: '2014-08-05T15:30:00Z',
          end: '2014-08-05T17:00:00Z',
          url: 'https://example.com',
          location: { description: 'Board room' },
          reminders: [{ minutes: 60 }, { minutes: 0 }, { minutes: 10 }],
        },
      },
    ]);
    expect(stack.simulator.calls[0]!.results).toEqual([{ status: 202 }]);
    expect(body.data!.upsertEvent).toEqual({
      __typename: 'UpsertEventSuccess',
      calendarId: 'calendar_id_123',
      eventId: 'qTtZdczOccgaPncGJaCiLg',
      status: 202,
    });
  });

  it('partial failure: two deletes answered 202 and 404', async () => {
    const { body } = await stack.graphql(
      `mutation {
        a: deleteEvent(input: { calendarId: "cal_123_abc", eventId: "456" }) { ${answerOf('DeleteEventSuccess')} }
        b: deleteEvent(input: { calendarId: "cal_unknown", eventId: "789" }) { ${answerOf('DeleteEventSuccess')} }
      }`,
      {},
      { token: SDK },
    );
    expect(stack.simulator.calls[0]!.entries).toEqual([
      { method: 'DELETE', relative_url: '/v1/calendars/cal_123_abc/events', data: { event_id: '456' } },
      { method: 'DELETE', relative_url: '/v1/calendars/cal_unknown/events', data: { event_id: '789' } },
    ]);
    expect(body.data).toMatchObject({ a: { status: 202 }, b: { __typename: 'CronofyRequestError', status: 404 } });
  });

  it("the seed document's own example: a DELETE (202) and a POST without summary (422)", async () => {
    const client = new CronofyClient({ baseUrl: stack.simulator.url, timeoutMs: 5_000 });
    const seed = [
      { method: 'DELETE' as const, relative_url: '/v1/calendars/cal_123_abc/events', data: { event_id: '456' } },
      {
        method: 'POST' as const,
        relative_url: '/v1/calendars/cal_123_abc/events',
        data: {
          event_id: 'qTtZdczOccgaPncGJaCiLg',
          description: 'Discuss plans for the next quarter.',
          start: '2014-08-05T15:30:00Z',
          end: '2014-08-05T17:00:00Z',
          location: { description: 'Board room' },
        },
      },
    ];
    try {
      expect(await client.send('us', SDK, seed)).toEqual([
        { status: 202 },
        { status: 422, data: { errors: { summary: [{ key: 'errors.required', description: 'summary must be specified' }] } } },
      ]);
      expect(stack.simulator.calls[0]!.entries).toEqual(seed);
    } finally {
      await client.close();
    }
  });

  it('available period upsert (202) and delete (2xx)', async () => {
    const { body } = await stack.graphql(
      `mutation {
        up: upsertAvailablePeriod(input: { availablePeriodId: "qTtZdczOccgaPncGJaCiLg", start: "2021-04-14T15:30:00Z", end: "2021-04-14T17:00:00Z" }) { ${answerOf('UpsertAvailablePeriodSuccess')} }
      }`,
      {},
      { token: SDK },
    );
    const del = await stack.graphql(
      `mutation { down: deleteAvailablePeriod(input: { availablePeriodId: "qTtZdczOccgaPncGJaCiLg" }) { ${answerOf('DeleteAvailablePeriodSuccess')} } }`,
      {},
      { token: SDK },
    );
    expect(stack.simulator.calls.map((c) => c.entries)).toEqual([
      [
        {
          method: 'POST',
          relative_url: '/v1/available_periods',
          data: { available_period_id: 'qTtZdczOccgaPncGJaCiLg', start: '2021-04-14T15:30:00Z', end: '2021-04-14T17:00:00Z' },
        },
      ],
      [{ method: 'DELETE', relative_url: '/v1/available_periods', data: { available_period_id: 'qTtZdczOccgaPncGJaCiLg' } }],
    ]);
    expect(body.data!.up).toEqual({ __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: 'qTtZdczOccgaPncGJaCiLg', status: 202 });
    expect(del.body.data!.down.__typename).toBe('DeleteAvailablePeriodSuccess');
  });
});
