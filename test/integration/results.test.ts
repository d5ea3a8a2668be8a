import { describe, expect, it } from 'vitest';
import { ALICE, answerOf, eventInput, type Stack, startStack, upsertOperation, useStack } from '../support/stack.js';
import { allAccepted, type ScriptedAnswer, startScriptedUpstream } from '../support/scripted-upstream.js';

const stack = useStack({ accounts: [{ accessToken: ALICE, calendarIds: ['cal_1'], externalEventUids: ['evt_external_1'] }] });

/** The real server in front of a scripted upstream, for faults the simulator does not produce. */
async function againstScripted(
  answer: (entries: any[], call: number) => ScriptedAnswer,
  test: (stack: Stack, upstream: Awaited<ReturnType<typeof startScriptedUpstream>>) => Promise<void>,
) {
  const upstream = await startScriptedUpstream(answer);
  const scripted = await startStack({ cronofyApiUrl: upstream.url });
  try {
    await test(scripted, upstream);
  } finally {
    await scripted.close();
    await upstream.close();
  }
}

describe('every field gets the result of its own entry', () => {
  it('mixes success, 422 and 404 in one call', async () => {
    const { body } = await stack.graphql(
      `mutation($ok: UpsertEventInput!, $noCalendar: DeleteEventInput!, $external: DeleteExternalEventInput!, $gone: DeleteExternalEventInput!) {
        ok: upsertEvent(input: $ok) { ${answerOf('UpsertEventSuccess')} }
        noCalendar: deleteEvent(input: $noCalendar) { ${answerOf('DeleteEventSuccess')} }
        external: deleteExternalEvent(input: $external) { ${answerOf('DeleteExternalEventSuccess')} }
        gone: deleteExternalEvent(input: $gone) { ${answerOf('DeleteExternalEventSuccess')} }
        badSummary: editExternalEvent(input: { calendarId: "cal_1", eventUid: "evt_external_1", summary: "x", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { ${answerOf('EditExternalEventSuccess')} }
      }`,
      {
        ok: eventInput(1),
        noCalendar: { calendarId: 'cal_unknown', eventId: 'e' },
        external: { calendarId: 'cal_1', eventUid: 'evt_external_1' },
        gone: { calendarId: 'cal_1', eventUid: 'evt_external_404' },
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      ok: { __typename: 'UpsertEventSuccess', eventId: 'event-1', status: 202 },
      noCalendar: { __typename: 'CronofyRequestError', status: 404 },
      external: { __typename: 'DeleteExternalEventSuccess', eventUid: 'evt_external_1', status: 202 },
      gone: { __typename: 'CronofyRequestError', status: 404 },
    });
    // The edit and the delete of evt_external_1 are one resource: sent in order, the edit finds it deleted.
    expect(body.data!.badSummary).toMatchObject({ __typename: 'CronofyRequestError', status: 404 });
    expect(stack.simulator.calls.map((c) => c.entries.length)).toEqual([4, 1]);
  });

  it("turns Cronofy's 422 body into field errors named as in the schema", async () => {
    // A refusal this layer cannot foresee (the simulator's rules match the layer's own checks).
    await againstScripted(
      (entries) => ({
        status: 207,
        body: {
          batch: entries.map(() => ({
            status: 422,
            data: { errors: { event_id: [{ key: 'errors.invalid', description: 'event_id is invalid' }] } },
          })),
        },
      }),
      async (scripted) => {
        const { body } = await scripted.graphql(
          `mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { ${answerOf('UpsertEventSuccess')} } }`,
          { e: eventInput(1) },
        );
        expect(body.data!.upsertEvent).toEqual({
          __typename: 'ValidationError',
          message: 'Cronofy refused the input (422): event_id is invalid',
          fieldErrors: [{ field: 'eventId', key: 'errors.invalid', description: 'event_id is invalid' }],
        });
      },
    );
  });

  it('puts each Cronofy 422 on the field the caller wrote, and passes on a field the schema lacks as Cronofy named it', async () => {
    const errors = (description: string, key = 'errors.invalid') => [{ key, description }];
    await againstScripted(
      (entries) => ({
        status: 207,
        body: {
          batch: entries.map((entry) => ({
            status: 422,
            data: {
              errors:
                entry.method === 'DELETE'
                  ? { event_uid: errors('event_uid is not allowed here') }
                  : entry.data.event_id === 'zones'
                    ? {
                        start: errors('start.tzid is not a known time zone'),
                        'end.tzid': errors('end.tzid is not a known time zone'),
                        event_private: errors('event_private must be a boolean'),
                        'attendees.invite[0].display_name': errors('display_name is too long', 'errors.too_long'),
                        'reminders.1.minutes': errors('minutes must be positive'),
                        'subscriptions[0][transitions][0][offset][minutes]': errors('minutes must be at most 10080'),
                        hangout_link: errors('hangout_link is not supported', 'errors.unknown'),
                      }
                    : { start: errors('start must be within ten years'), end: errors('end must be a known time zone') },
            },
          })),
        },
      }),
      async (scripted) => {
        const { body } = await scripted.graphql(
          `mutation($zones: UpsertEventInput!, $plain: UpsertEventInput!) {
            zones: upsertEvent(input: $zones) { ... on ValidationError { fieldErrors { field inSchema key } } }
            plain: upsertEvent(input: $plain) { ... on ValidationError { fieldErrors { field inSchema key } } }
            delete: deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { ... on ValidationError { message fieldErrors { field inSchema key } } }
          }`,
          {
            zones: { ...eventInput(1), eventId: 'zones', startTzid: 'Europe/London', endTzid: 'Europe/London' },
            plain: { ...eventInput(2), startTzid: 'Europe/London' },
          },
        );
        expect(body.data!.zones.fieldErrors).toEqual([
          { field: 'startTzid', inSchema: true, key: 'errors.invalid' },
          { field: 'endTzid', inSchema: true, key: 'errors.invalid' },
          { field: 'eventPrivate', inSchema: true, key: 'errors.invalid' },
          { field: 'attendees.invite[0].displayName', inSchema: true, key: 'errors.too_long' },
          { field: 'reminders[1].minutes', inSchema: true, key: 'errors.invalid' },
          { field: 'subscriptions[0].transitions[0].offset.minutes', inSchema: true, key: 'errors.invalid' },
          { field: 'hangout_link', inSchema: false, key: 'errors.unknown' },
        ]);
        // start was sent with a zone but the reason is not the zone; end was sent without one.
        expect(body.data!.plain.fieldErrors).toEqual([
          { field: 'start', inSchema: true, key: 'errors.invalid' },
          { field: 'end', inSchema: true, key: 'errors.invalid' },
        ]);
        expect(body.data!.delete).toEqual({
          message: 'Cronofy refused the input (422): event_uid is not allowed here',
          fieldErrors: [{ field: 'event_uid', inSchema: false, key: 'errors.invalid' }],
        });
      },
    );
  });

  it('keeps the answers of a call that worked when another call of the same operation fails', async () => {
    await againstScripted(
      // The call that carries event-50 fails however often it is sent.
      (entries) => (entries[0].data.event_id === 'event-50' ? { status: 503, body: {} } : allAccepted(entries)),
      async (scripted, upstream) => {
        const { query, variables } = upsertOperation(60);
        const { status, body } = await scripted.graphql(query, variables);
        expect(status).toBe(200);
        expect(upstream.calls.map((c) => c.entries.length)).toEqual([50, 10, 10, 10, 10]);
        for (let i = 0; i < 50; i++) expect(body.data![`f${i}`]).toMatchObject({ __typename: 'UpsertEventSuccess', eventId: `event-${i}` });
        for (let i = 50; i < 60; i++) expect(body.data![`f${i}`]).toBeNull();
        expect(body.errors).toHaveLength(10);
        expect(body.errors!.map((e) => e.path)).toEqual(Array.from({ length: 10 }, (_, i) => [`f${50 + i}`]));
        expect(new Set(body.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['UPSTREAM_UNAVAILABLE']));
      },
    );
  });

  it('nulls only the items of a batch field whose call failed', async () => {
    await againstScripted(
      (entries) => (entries[0].data.event_id === 'event-0' ? { status: 500, body: {} } : allAccepted(entries)),
      async (scripted) => {
        const requests = Array.from({ length: 55 }, (_, i) => ({ upsertEvent: eventInput(i) }));
        const { body } = await scripted.graphql(`mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }`, {
          r: requests,
        });
        const items = body.data!.batch as Array<unknown>;
        expect(items.slice(0, 50)).toEqual(Array(50).fill(null));
        expect(items.slice(50)).toEqual(Array(5).fill({ __typename: 'UpsertEventSuccess' }));
        expect(body.errors!.map((e) => e.path)).toEqual(Array.from({ length: 50 }, (_, i) => ['batch', i]));
      },
    );
  });
});

describe('whole-call failures', () => {
  it.each([
    [401, 'UNAUTHENTICATED'],
    [402, 'PLAN_REQUIRED'],
    [403, 'FORBIDDEN'],
    [423, 'PROVIDER_CREDENTIALS_INVALID'],
    [429, 'RATE_LIMITED'],
    [500, 'UPSTREAM_UNAVAILABLE'],
    [404, 'UPSTREAM_ERROR'],
  ])('status %i reaches every field of the call as %s', async (status, code) => {
    await againstScripted(
      () => ({ status, body: { secret: 'upstream body' } }),
      async (scripted) => {
        const { query, variables } = upsertOperation(2);
        const { body } = await scripted.graphql(query, variables);
        expect(body.data).toEqual({ f0: null, f1: null });
        expect(body.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.upstreamStatus])).toEqual([
          [['f0'], code, status],
          [['f1'], code, status],
        ]);
        expect(JSON.stringify(body)).not.toContain('upstream body');
      },
    );
  });

  it('an unknown token at Cronofy gives UNAUTHENTICATED on each field', async () => {
    const { body } = await stack.graphql(
      `mutation { a: deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { __typename } }`,
      {},
      { token: 'nobody-knows-me' },
    );
    expect(body.data).toEqual({ a: null });
    expect(body.errors![0]).toMatchObject({ path: ['a'], extensions: { code: 'UNAUTHENTICATED' } });
    expect(body.errors![0]!.message).not.toContain('nobody-knows-me');
  });
});
