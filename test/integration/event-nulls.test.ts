import { describe, expect, it } from 'vitest';
import { ALICE, answerOf, eventInput, useStack } from '../support/stack.js';

/**
 * `null` does only what Cronofy documents: for `url` it is sent (and removes the URL); for the
 * lists Cronofy clears with an empty value it sends that value; anywhere else it is refused on
 * its own field, before anything is sent.
 */
const stack = useStack();

const UPSERT = `mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { ${answerOf('UpsertEventSuccess')} } }`;
const WEBHOOK = { type: 'WEBHOOK', uri: 'https://hooks.example/a' };
const TRANSITION = { before: 'EVENT_START', offset: { minutes: 5 } };
const storedEvent = (id: string) => stack.simulator.account(ALICE).calendars.get('cal_1')!.events.get(id)!;

describe('null where Cronofy gives it no meaning is refused on its field, and nothing is sent', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['description', { description: null }],
    ['startTzid', { startTzid: null }],
    ['endTzid', { endTzid: null }],
    ['tzid', { tzid: null }],
    ['location', { location: null }],
    ['location.description', { location: { description: null } }],
    ['location.lat', { location: { lat: null, long: '-0.1276' } }],
    ['location.long', { location: { lat: '51.5072', long: null } }],
    ['remindersCreateOnly', { remindersCreateOnly: null }],
    ['eventPrivate', { eventPrivate: null }],
    ['transparency', { transparency: null }],
    ['extendedTransparency', { extendedTransparency: null }],
    ['color', { color: null }],
    ['attendees', { attendees: null }],
    ['attendees.invite', { attendees: { invite: null } }],
    ['attendees.reject', { attendees: { reject: null } }],
    ['attendees.invite[0].displayName', { attendees: { invite: [{ email: 'a@example.com', displayName: null }] } }],
    [
      'attendees.reject[1].displayName',
      { attendees: { reject: [{ email: 'a@example.com' }, { email: 'b@example.com', displayName: null }] } },
    ],
    ['conferencing', { conferencing: null }],
    [
      'conferencing.providerDescription',
      { conferencing: { profileId: 'explicit', providerDescription: null, joinUrl: 'https://v.example/j' } },
    ],
    ['conferencing.joinUrl', { conferencing: { profileId: 'explicit', joinUrl: null } }],
    ['subscriptions[0].interactions', { subscriptions: [{ ...WEBHOOK, interactions: null, transitions: [TRANSITION] }] }],
    [
      'subscriptions[0].transitions',
      { subscriptions: [{ ...WEBHOOK, interactions: [{ type: 'CONFERENCING_ASSIGNED' }], transitions: null }] },
    ],
    [
      'subscriptions[0].transitions[0].before',
      { subscriptions: [{ ...WEBHOOK, transitions: [{ before: null, after: 'EVENT_END', offset: { minutes: 1 } }] }] },
    ],
    ['subscriptions[0].transitions[0].after', { subscriptions: [{ ...WEBHOOK, transitions: [{ ...TRANSITION, after: null }] }] }],
    ['recurrence.rules[0].byDay', { recurrence: { rules: [{ frequency: 'WEEKLY', byDay: null }] } }],
    ['recurrence.rules[0].interval', { recurrence: { rules: [{ frequency: 'DAILY', interval: null }] } }],
    ['attachments', { attachments: null }],
    ['locale', { locale: null }],
  ];

  it.each(cases)('%s: null', async (field, fields) => {
    const { body } = await stack.graphql(UPSERT, { e: { ...eventInput(1), ...fields } });
    const answer = body.data!.upsertEvent;
    expect(answer.__typename).toBe('ValidationError');
    expect(answer.fieldErrors).toEqual([
      {
        field,
        key: 'errors.null',
        description: expect.stringMatching(new RegExp(`^${escape(field)} is null, which Cronofy gives no meaning: (send|name|leave) `)),
      },
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('refuses null the same way on editExternalEvent, every field at once', async () => {
    const { body } = await stack.graphql(
      `mutation($e: EditExternalEventInput!) { editExternalEvent(input: $e) { ${answerOf('EditExternalEventSuccess')} } }`,
      {
        e: {
          calendarId: 'cal_1',
          eventUid: 'evt_external_1',
          summary: 'Edited',
          start: '2026-12-07T09:00:00Z',
          end: '2026-12-07T10:00:00Z',
          description: null,
          tzid: null,
          eventPrivate: null,
        },
      },
    );
    expect(body.data!.editExternalEvent.fieldErrors.map((e: { field: string; key: string }) => [e.field, e.key])).toEqual([
      ['description', 'errors.null'],
      ['tzid', 'errors.null'],
      ['eventPrivate', 'errors.null'],
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

describe('null on a required field is refused by GraphQL itself, naming where it was, and nothing is sent', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['calendarId', 'upsertEvent', { ...eventInput(1), calendarId: null }],
    ['eventId', 'upsertEvent', { ...eventInput(1), eventId: null }],
    ['summary', 'upsertEvent', { ...eventInput(1), summary: null }],
    ['start', 'upsertEvent', { ...eventInput(1), start: null }],
    ['end', 'upsertEvent', { ...eventInput(1), end: null }],
    ['reminders[0].minutes', 'upsertEvent', { ...eventInput(1), reminders: [{ minutes: null }] }],
    ['attendees.invite[0].email', 'upsertEvent', { ...eventInput(1), attendees: { invite: [{ email: null }] } }],
    ['attendees.reject[0].email', 'upsertEvent', { ...eventInput(1), attendees: { reject: [{ email: null }] } }],
    ['conferencing.profileId', 'upsertEvent', { ...eventInput(1), conferencing: { profileId: null } }],
    ['subscriptions[0].type', 'upsertEvent', { ...eventInput(1), subscriptions: [{ ...WEBHOOK, type: null, transitions: [TRANSITION] }] }],
    ['subscriptions[0].uri', 'upsertEvent', { ...eventInput(1), subscriptions: [{ ...WEBHOOK, uri: null, transitions: [TRANSITION] }] }],
    [
      'subscriptions[0].interactions[0].type',
      'upsertEvent',
      { ...eventInput(1), subscriptions: [{ ...WEBHOOK, interactions: [{ type: null }] }] },
    ],
    [
      'subscriptions[0].transitions[0].offset',
      'upsertEvent',
      { ...eventInput(1), subscriptions: [{ ...WEBHOOK, transitions: [{ ...TRANSITION, offset: null }] }] },
    ],
    [
      'subscriptions[0].transitions[0].offset.minutes',
      'upsertEvent',
      { ...eventInput(1), subscriptions: [{ ...WEBHOOK, transitions: [{ ...TRANSITION, offset: { minutes: null } }] }] },
    ],
    ['recurrence.rules', 'upsertEvent', { ...eventInput(1), recurrence: { rules: null } }],
    ['recurrence.rules[0].frequency', 'upsertEvent', { ...eventInput(1), recurrence: { rules: [{ frequency: null }] } }],
    ['attachments[0].attachmentId', 'upsertEvent', { ...eventInput(1), attachments: [{ attachmentId: null }] }],
    [
      'eventUid',
      'editExternalEvent',
      { calendarId: 'cal_1', eventUid: null, summary: 's', start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' },
    ],
    ['eventId', 'deleteEvent', { calendarId: 'cal_1', eventId: null }],
    ['calendarId', 'deleteEvent', { calendarId: null, eventId: 'x' }],
    ['eventUid', 'deleteExternalEvent', { calendarId: 'cal_1', eventUid: null }],
    ['calendarId', 'deleteExternalEvent', { calendarId: null, eventUid: 'evt_external_1' }],
  ];

  it.each(cases)('%s of %s: null', async (path, kind, input) => {
    const type = `${kind[0]!.toUpperCase()}${kind.slice(1)}Input!`;
    const { status, body } = await stack.graphql(`mutation($e: ${type}) { ${kind}(input: $e) { __typename } }`, { e: input });
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toMatch(
      new RegExp(`^Variable "\\$e" got invalid value null at "e\\.${escape(path)}"; Expected non-nullable type`),
    );
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

describe('null where Cronofy documents a meaning or a clearing value', () => {
  it('url: null is sent as null and removes the URL', async () => {
    await stack.graphql(UPSERT, { e: { ...eventInput(2), url: 'https://example.com/meet' } });
    expect(storedEvent('event-2').url).toBe('https://example.com/meet');
    await stack.graphql(UPSERT, { e: { ...eventInput(2), url: null } });
    expect(sentData(1)).toEqual({ ...sent(2), url: null });
    expect(storedEvent('event-2')).not.toHaveProperty('url');
  });

  it.each([
    ['reminders', { reminders: [{ minutes: 10 }] }, 'reminders', []],
    ['subscriptions', { subscriptions: [{ ...WEBHOOK, transitions: [TRANSITION] }] }, 'subscriptions', []],
    ['recurrence', { recurrence: { rules: [{ frequency: 'DAILY' }] } }, 'recurrence', { rules: [] }],
  ])('%s: null is sent as its documented clearing value, and the event no longer has any', async (field, set, key, cleared) => {
    await stack.graphql(UPSERT, { e: { ...eventInput(3), ...set } });
    expect(storedEvent('event-3')[key]).not.toEqual(cleared);
    const { body } = await stack.graphql(UPSERT, { e: { ...eventInput(3), [field]: null } });
    expect(body.data!.upsertEvent.__typename).toBe('UpsertEventSuccess');
    expect(sentData(1)).toEqual({ ...sent(3), [key]: cleared });
    expect(storedEvent('event-3')[key]).toEqual(cleared);
  });
});

function sent(n: number) {
  const e = eventInput(n);
  return { event_id: e.eventId, summary: e.summary, start: e.start, end: e.end };
}

function escape(text: string): string {
  return text.replace(/[.[\]]/g, (c) => `\\${c}`);
}

/** The body of the first entry of the `call`-th recorded call. */
function sentData(call: number): Record<string, any> {
  return (stack.simulator.calls[call]!.entries[0] as { data: Record<string, any> }).data;
}
