import { describe, expect, it } from 'vitest';
import { ALICE, answerOf, eventInput, useStack } from '../support/stack.js';

const stack = useStack();

const UPSERT = `mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { ${answerOf('UpsertEventSuccess')} } }`;
const sentData = () => stack.simulator.calls.flatMap((c) => c.entries.map((e: any) => e.data));

describe('input reaches Cronofy field by field', () => {
  it('maps every event field to its snake_case body field', async () => {
    const { body } = await stack.graphql(UPSERT, {
      e: {
        calendarId: 'cal_1',
        eventId: 'full',
        summary: 'Board meeting',
        description: 'Discuss plans',
        start: '2026-12-07T10:30:00+01:00',
        end: '2026-12-07T11:00:00Z',
        startTzid: 'Europe/London',
        tzid: 'Europe/Paris',
        location: { description: 'Board room', lat: '51.5072', long: '-0.1276' },
        url: 'https://example.com/meet',
        reminders: [{ minutes: 60 }, { minutes: 0 }],
        remindersCreateOnly: true,
        eventPrivate: false,
        transparency: 'OPAQUE',
        color: '#49BED8',
        attendees: { invite: [{ email: 'a@example.com', displayName: 'A' }], reject: [{ email: 'b@example.com' }] },
        conferencing: { profileId: 'default', providerDescription: 'Zoom', joinUrl: 'https://zoom.example/j/1' },
        extendedTransparency: 'WORKING_ELSEWHERE',
        subscriptions: [
          { type: 'WEBHOOK', uri: 'https://hooks.example/c', interactions: [{ type: 'CONFERENCING_ASSIGNED' }] },
          {
            type: 'WEBHOOK',
            uri: 'https://hooks.example/t?x=1',
            transitions: [
              { before: 'EVENT_START', offset: { minutes: 5 } },
              { after: 'EVENT_END', offset: { minutes: 10 } },
            ],
          },
        ],
        recurrence: { rules: [{ frequency: 'WEEKLY', byDay: ['MONDAY', 'FRIDAY'], interval: 2 }] },
        attachments: [{ attachmentId: 'att_5e4d5a6668ed0f4b213e90fe' }],
        locale: 'it',
      },
    });
    expect(body.data!.upsertEvent.__typename).toBe('UpsertEventSuccess');
    expect(stack.simulator.calls[0]!.entries[0]).toEqual({
      method: 'POST',
      relative_url: '/v1/calendars/cal_1/events',
      data: {
        event_id: 'full',
        summary: 'Board meeting',
        description: 'Discuss plans',
        start: { time: '2026-12-07T09:30:00Z', tzid: 'Europe/London' },
        end: '2026-12-07T11:00:00Z',
        tzid: 'Europe/Paris',
        location: { description: 'Board room', lat: '51.5072', long: '-0.1276' },
        url: 'https://example.com/meet',
        reminders: [{ minutes: 60 }, { minutes: 0 }],
        reminders_create_only: true,
        event_private: false,
        transparency: 'opaque',
        color: '#49BED8',
        attendees: { invite: [{ email: 'a@example.com', display_name: 'A' }], reject: [{ email: 'b@example.com' }] },
        conferencing: { profile_id: 'default', provider_description: 'Zoom', join_url: 'https://zoom.example/j/1' },
        extended_transparency: 'working_elsewhere',
        subscriptions: [
          { type: 'webhook', uri: 'https://hooks.example/c', interactions: [{ type: 'conferencing_assigned' }] },
          {
            type: 'webhook',
            uri: 'https://hooks.example/t?x=1',
            transitions: [
              { before: 'event_start', offset: { minutes: 5 } },
              { after: 'event_end', offset: { minutes: 10 } },
            ],
          },
        ],
        recurrence: { rules: [{ frequency: 'weekly', by_day: ['monday', 'friday'], interval: 2 }] },
        attachments: [{ attachment_id: 'att_5e4d5a6668ed0f4b213e90fe' }],
        locale: 'it',
      },
    });
    expect(stack.simulator.account(ALICE).calendars.get('cal_1')!.events.get('full')).toMatchObject({
      extended_transparency: 'working_elsewhere',
      attachments: [{ attachment_id: 'att_5e4d5a6668ed0f4b213e90fe' }],
      locale: 'it',
    });
  });

  it('writes a subscription of transitions only (Event Triggers), which Cronofy takes and keeps', async () => {
    const subscriptions = [
      { type: 'WEBHOOK', uri: 'https://hooks.example/trigger', transitions: [{ after: 'EVENT_START', offset: { minutes: 0 } }] },
    ];
    const { body } = await stack.graphql(UPSERT, { e: { ...eventInput(3), subscriptions } });
    expect(body.data!.upsertEvent).toEqual({ __typename: 'UpsertEventSuccess', calendarId: 'cal_1', eventId: 'event-3', status: 202 });
    const stored = stack.simulator.account(ALICE).calendars.get('cal_1')!.events.get('event-3')!;
    expect(stored.subscriptions).toEqual([
      { type: 'webhook', uri: 'https://hooks.example/trigger', transitions: [{ after: 'event_start', offset: { minutes: 0 } }] },
    ]);
  });

  it('deletes an event with event_id alone: includeUserinfo is no longer part of the schema', async () => {
    const { body: refused } = await stack.graphql(
      `mutation { deleteEvent(input: { calendarId: "cal_1", eventId: "x", includeUserinfo: true }) { __typename } }`,
    );
    expect(refused.errors![0]!.message).toContain('Field "includeUserinfo" is not defined by type "DeleteEventInput"');
    await stack.graphql(`mutation { deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { __typename } }`);
    expect(stack.simulator.calls.map((c) => c.entries)).toEqual([
      [{ method: 'DELETE', relative_url: '/v1/calendars/cal_1/events', data: { event_id: 'x' } }],
    ]);
  });

  it('sends an explicit null, leaves an absent field out, and the simulator clears or keeps accordingly', async () => {
    await stack.graphql(UPSERT, { e: { ...eventInput(1), url: 'https://example.com', description: 'kept' } });
    await stack.graphql(UPSERT, { e: { ...eventInput(1), url: null } });
    expect(sentData()[1]).toEqual({ ...sentDataBase(1), url: null });
    expect(sentData()[1]).not.toHaveProperty('description');
    const stored = stack.simulator.account(ALICE).calendars.get('cal_1')!.events.get('event-1')!;
    expect(stored).not.toHaveProperty('url');
    expect(stored.description).toBe('kept');
  });

  it('sends an all-day event as dates and URL-encodes the calendar id', async () => {
    await stack.graphql(UPSERT, { e: { ...eventInput(2, 'cal/../x?y'), start: '2026-12-24', end: '2026-12-27' } });
    expect(stack.simulator.calls[0]!.entries[0]).toMatchObject({
      relative_url: '/v1/calendars/cal%2F..%2Fx%3Fy/events',
      data: { start: '2026-12-24', end: '2026-12-27' },
    });
  });

  it('names external events by event_uid only', async () => {
    await stack.graphql(
      `mutation { editExternalEvent(input: { calendarId: "cal_1", eventUid: "evt_external_2", summary: "Edited", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename } }`,
    );
    const data = sentData()[0];
    expect(data).toMatchObject({ event_uid: 'evt_external_2', summary: 'Edited' });
    expect(data).not.toHaveProperty('event_id');
    expect(stack.simulator.account(ALICE).calendars.get('cal_1')!.externalEvents.get('evt_external_2')!.body.summary).toBe('Edited');
  });
});

function sentDataBase(n: number) {
  const e = eventInput(n);
  return { event_id: e.eventId, summary: e.summary, start: e.start, end: e.end };
}

describe('input this layer can judge is refused on its own field, without a call', () => {
  const cases: Array<[string, string, Record<string, unknown>, Array<{ field: string; key: string }>]> = [
    [
      'end before start',
      'upsertEvent',
      { ...eventInput(1), end: '2026-12-07T08:00:00Z' },
      [{ field: 'end', key: 'errors.end_before_start' }],
    ],
    ['date and time mixed', 'upsertEvent', { ...eventInput(1), end: '2026-12-08' }, [{ field: 'end', key: 'errors.invalid' }]],
    [
      'all-day event ending the day it starts (the end is the day after the last day)',
      'upsertEvent',
      { ...eventInput(1), start: '2026-12-24', end: '2026-12-24' },
      [{ field: 'end', key: 'errors.end_not_after_start' }],
    ],
    [
      'all-day event ending before it starts',
      'editExternalEvent',
      { calendarId: 'cal_1', eventUid: 'evt_external_1', summary: 's', start: '2026-12-24', end: '2026-12-23' },
      [{ field: 'end', key: 'errors.end_before_start' }],
    ],
    [
      'subscription with neither interactions nor transitions',
      'upsertEvent',
      { ...eventInput(1), subscriptions: [{ type: 'WEBHOOK', uri: 'https://hooks.example/a', interactions: [] }] },
      [{ field: 'subscriptions[0]', key: 'errors.required' }],
    ],
    [
      'transition both before and after, another neither, and a subscription uri that is not a URL',
      'upsertEvent',
      {
        ...eventInput(1),
        subscriptions: [
          {
            type: 'WEBHOOK',
            uri: 'hooks',
            transitions: [{ before: 'EVENT_START', after: 'EVENT_END', offset: { minutes: 5 } }, { offset: { minutes: 5 } }],
          },
        ],
      },
      [
        { field: 'subscriptions[0].uri', key: 'errors.invalid' },
        { field: 'subscriptions[0].transitions[0]', key: 'errors.invalid' },
        { field: 'subscriptions[0].transitions[1]', key: 'errors.invalid' },
      ],
    ],
    [
      'byDay on a rule that is not WEEKLY',
      'upsertEvent',
      { ...eventInput(1), recurrence: { rules: [{ frequency: 'DAILY', byDay: ['MONDAY'] }] } },
      [{ field: 'recurrence.rules[0].byDay', key: 'errors.invalid' }],
    ],
    [
      'blank attachment id',
      'upsertEvent',
      { ...eventInput(1), attachments: [{ attachmentId: ' ' }] },
      [{ field: 'attachments[0].attachmentId', key: 'errors.required' }],
    ],
    ['blank summary', 'upsertEvent', { ...eventInput(1), summary: '  ' }, [{ field: 'summary', key: 'errors.required' }]],
    ['summary too long', 'upsertEvent', { ...eventInput(1), summary: 'x'.repeat(1025) }, [{ field: 'summary', key: 'errors.too_long' }]],
    ['unknown zone', 'upsertEvent', { ...eventInput(1), tzid: 'Mars/Olympus' }, [{ field: 'tzid', key: 'errors.invalid' }]],
    [
      'bad colour and url',
      'upsertEvent',
      { ...eventInput(1), color: 'blue', url: 'not a url' },
      [
        { field: 'url', key: 'errors.invalid' },
        { field: 'color', key: 'errors.invalid' },
      ],
    ],
    [
      'description too long',
      'upsertEvent',
      { ...eventInput(1), description: 'd'.repeat(4097) },
      [{ field: 'description', key: 'errors.too_long' }],
    ],
    ['blank calendar', 'deleteEvent', { calendarId: '', eventId: 'x' }, [{ field: 'calendarId', key: 'errors.required' }]],
    [
      'calendar "..", which would climb the URL',
      'deleteEvent',
      { calendarId: '..', eventId: 'x' },
      [{ field: 'calendarId', key: 'errors.invalid' }],
    ],
    ['calendar "."', 'upsertEvent', { ...eventInput(1), calendarId: '.' }, [{ field: 'calendarId', key: 'errors.invalid' }]],
    [
      'blank external event uid',
      'deleteExternalEvent',
      { calendarId: 'cal_1', eventUid: ' ' },
      [{ field: 'eventUid', key: 'errors.required' }],
    ],
    [
      'period end before start',
      'upsertAvailablePeriod',
      { availablePeriodId: 'p', start: '2026-12-08T17:00:00Z', end: '2026-12-08T13:00:00Z' },
      [{ field: 'end', key: 'errors.end_before_start' }],
    ],
    [
      'period id with a control character',
      'deleteAvailablePeriod',
      { availablePeriodId: 'tab\there' },
      [{ field: 'availablePeriodId', key: 'errors.invalid' }],
    ],
    [
      'non-ASCII period id',
      'deleteAvailablePeriod',
      { availablePeriodId: 'período' },
      [{ field: 'availablePeriodId', key: 'errors.invalid' }],
    ],
    [
      'period id too long',
      'upsertAvailablePeriod',
      { availablePeriodId: 'p'.repeat(65), start: '2026-12-08T13:00:00Z', end: '2026-12-08T17:00:00Z' },
      [{ field: 'availablePeriodId', key: 'errors.too_long' }],
    ],
  ];

  it.each(cases)('%s', async (_name, kind, input, expected) => {
    const { body } = await stack.graphql(
      `mutation($r: [BatchRequestInput!]!, $ok: UpsertEventInput!) {
        refused: batch(requests: $r) { __typename ... on ValidationError { message fieldErrors { field key description } } }
        sibling: upsertEvent(input: $ok) { __typename }
      }`,
      { r: [{ [kind]: input }], ok: eventInput(99) },
    );
    const [refused] = body.data!.refused;
    expect(refused.__typename).toBe('ValidationError');
    expect(refused.message).toMatch(/^The input was refused before sending: /);
    expect(refused.fieldErrors.map(({ field, key }: any) => ({ field, key }))).toEqual(expected);
    expect(body.data!.sibling).toEqual({ __typename: 'UpsertEventSuccess' });
    expect(sentData().map((d: any) => d.event_id)).toEqual(['event-99']);
  });

  it('sends the longest values Cronofy takes, and Cronofy accepts them', async () => {
    const id = `${'p'.repeat(37)}-~!@#$%^&*()_+={}[]|:;<>,.?`;
    expect(id).toHaveLength(64);
    const { body } = await stack.graphql(
      `mutation($e: UpsertEventInput!, $p: UpsertAvailablePeriodInput!) {
        e: upsertEvent(input: $e) { __typename }
        p: upsertAvailablePeriod(input: $p) { __typename }
      }`,
      {
        e: { ...eventInput(1), summary: 's'.repeat(1024), description: 'd'.repeat(4096) },
        p: { availablePeriodId: id, start: '2026-12-08T13:00:00Z', end: '2026-12-08T13:00:00Z' },
      },
    );
    expect(body.data).toEqual({ e: { __typename: 'UpsertEventSuccess' }, p: { __typename: 'UpsertAvailablePeriodSuccess' } });
    expect(sentData().map((d: any) => d.available_period_id ?? d.description.length)).toEqual([4096, id]);
  });

  it('refuses a missing required field by name, sending nothing', async () => {
    const { status, body } = await stack.graphql(`mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename } }`, {
      e: { calendarId: 'cal_1', eventId: 'x', start: '2026-12-08T13:00:00Z', end: '2026-12-08T14:00:00Z' },
    });
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toContain('Field "summary" of required type "String!" was not provided.');
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('refuses a fraction of a second and a non-date in the scalar, naming the fix', async () => {
    const { body } = await stack.graphql(
      `mutation { upsertAvailablePeriod(input: { availablePeriodId: "a", start: "2026-12-08", end: "2026-12-08T17:00:00Z" }) { __typename } }`,
    );
    expect(body.errors![0]!.message).toContain('"2026-12-08" is not an instant');
    expect(stack.simulator.calls).toHaveLength(0);
  });
});
