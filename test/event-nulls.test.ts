import { describe, expect, it } from 'vitest';
import { ALICE, answerOf, eventInput, useStack } from './support/stack.js';

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
