import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeSupergraph,
  type Endpoint,
  introspectSubgraph,
  postGraphQL,
  startApolloGateway,
  startHiveGateway,
  startMeetingsSubgraph,
} from '../support/federation.js';
import { ALICE, ANY_RESULT, BOB, eventInput, useStack } from '../support/stack.js';

const stack = useStack();

let meetings: Endpoint;
let supergraph: string;
const gateways: Record<string, Endpoint> = {};

beforeAll(async () => {
  meetings = await startMeetingsSubgraph([{ id: 'm1', title: 'Planning', calendarId: 'cal_1', eventId: 'event-1' }]);
  supergraph = composeSupergraph([
    await introspectSubgraph('cronofy', stack.server.url),
    await introspectSubgraph('meetings', meetings.url),
  ]);
  gateways['@apollo/gateway'] = await startApolloGateway(supergraph);
  gateways['Hive Gateway'] = await startHiveGateway(supergraph);
});

afterAll(async () => {
  await Promise.all(Object.values(gateways).map((gateway) => gateway.close()));
  await meetings?.close();
});

const UPSERT_ANSWER = `__typename
  ... on UpsertEventSuccess { eventId event { calendarId eventId } }
  ... on ValidationError { message fieldErrors { field key } }
  ... on CronofyRequestError { message status }`;

describe('the subgraph', () => {
  it('serves at _service { sdl } the federation SDL that schema.graphql holds, with @link and every @key', async () => {
    const { sdl } = await introspectSubgraph('cronofy', stack.server.url);

    expect(`${sdl}\n`).toBe(await readFile('schema.graphql', 'utf8'));
    expect(sdl).toContain('extend schema\n  @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])');
    expect(sdl).toMatch(/type CalendarEvent\s+@key\(fields: "calendarId eventId"\)/);
    expect(sdl).toMatch(/type ExternalCalendarEvent\s+@key\(fields: "calendarId eventUid"\)/);
    expect(sdl).toMatch(/type AvailablePeriod\s+@key\(fields: "availablePeriodId"\)/);
  });

  it('resolves each entity reference to the keys it holds, without a token or a Cronofy call', async () => {
    const { body } = await postGraphQL(
      stack.server.url,
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) {
          __typename
          ... on CalendarEvent { calendarId eventId }
          ... on ExternalCalendarEvent { calendarId eventUid }
          ... on AvailablePeriod { availablePeriodId }
        }
      }`,
      {
        representations: [
          { __typename: 'CalendarEvent', calendarId: 'cal_1', eventId: 'standup' },
          { __typename: 'ExternalCalendarEvent', calendarId: 'cal_1', eventUid: 'evt_external_1' },
          { __typename: 'AvailablePeriod', availablePeriodId: 'focus' },
        ],
      },
    );
    expect(body).toEqual({
      data: {
        _entities: [
          { __typename: 'CalendarEvent', calendarId: 'cal_1', eventId: 'standup' },
          { __typename: 'ExternalCalendarEvent', calendarId: 'cal_1', eventUid: 'evt_external_1' },
          { __typename: 'AvailablePeriod', availablePeriodId: 'focus' },
        ],
      },
    });
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('composes with a subgraph that references CalendarEvent by its key', () => {
    expect(supergraph).toContain('@join__type(graph: CRONOFY, key: "calendarId eventId")');
    expect(supergraph).toContain('@join__type(graph: MEETINGS, key: "calendarId eventId")');
    expect(supergraph).toMatch(/meeting: Meeting @join__field\(graph: MEETINGS\)/);
  });
});

describe.each(['@apollo/gateway', 'Hive Gateway'])('through %s', (name) => {
  const send = (query: string, variables: Record<string, unknown>, token: string | null = ALICE) =>
    postGraphQL(gateways[name]!.url, query, variables, token);

  it("passes the caller's Authorization on: the write is made with the caller's token", async () => {
    const { body } = await send(
      `mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { ${UPSERT_ANSWER} } }`,
      { e: eventInput(5, 'cal_bob') },
      BOB,
    );

    expect(body).toEqual({
      data: { upsertEvent: { __typename: 'UpsertEventSuccess', eventId: 'event-5', event: { calendarId: 'cal_bob', eventId: 'event-5' } } },
    });
    expect(stack.simulator.calls.map((c) => c.accessToken)).toEqual([BOB]);
  });

  it('answers each field with its own result: success, refused input, Cronofy 404', async () => {
    const { body } = await send(
      `mutation($ok: UpsertEventInput!, $backwards: UpsertEventInput!, $elsewhere: UpsertEventInput!) {
        ok: upsertEvent(input: $ok) { ${UPSERT_ANSWER} }
        backwards: upsertEvent(input: $backwards) { ${UPSERT_ANSWER} }
        elsewhere: upsertEvent(input: $elsewhere) { ${UPSERT_ANSWER} }
      }`,
      { ok: eventInput(1), backwards: { ...eventInput(2), end: '2026-12-07T08:00:00Z' }, elsewhere: eventInput(3, 'cal_bob') },
    );

    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      ok: { __typename: 'UpsertEventSuccess', eventId: 'event-1', event: { calendarId: 'cal_1', eventId: 'event-1' } },
      backwards: {
        __typename: 'ValidationError',
        message: 'The input was refused before sending: end (2026-12-07T08:00:00Z) is before start (2026-12-07T09:00:00Z).',
        fieldErrors: [{ field: 'end', key: 'errors.end_before_start' }],
      },
      elsewhere: {
        __typename: 'CronofyRequestError',
        message: 'Cronofy answered 404: the calendar or event was not found (or the request is not supported in a batch).',
        status: 404,
      },
    });
  });

  it('without a token: each mutation field is null with UNAUTHENTICATED at its path, and nothing is sent', async () => {
    const { body } = await send(
      `mutation($e: UpsertEventInput!) {
        a: upsertEvent(input: $e) { __typename }
        b: batch(requests: [{ deleteAvailablePeriod: { availablePeriodId: "ap" } }]) { __typename }
      }`,
      { e: eventInput(1) },
      null,
    );

    expect(body.data).toEqual({ a: null, b: null });
    expect(body.errors!.map((e) => [e.path, e.extensions?.code, e.message])).toEqual([
      [['a'], 'UNAUTHENTICATED', 'No access token: send the Cronofy access token as "Authorization: Bearer <token>".'],
      [['b'], 'UNAUTHENTICATED', 'No access token: send the Cronofy access token as "Authorization: Bearer <token>".'],
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it("adds the other subgraph's fields to the event a mutation answers", async () => {
    const { body } = await send(
      `mutation($e: UpsertEventInput!) {
        upsertEvent(input: $e) { ... on UpsertEventSuccess { event { eventId meeting { title } } } }
      }`,
      { e: eventInput(1) },
    );
    expect(body).toEqual({ data: { upsertEvent: { event: { eventId: 'event-1', meeting: { title: 'Planning' } } } } });
  });

  it('refuses a batch request that sets two members, though the supergraph has no @oneOf, and sends nothing', async () => {
    const { body } = await send(`mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }`, {
      r: [{ upsertEvent: eventInput(1), deleteEvent: { calendarId: 'cal_1', eventId: 'x' } }],
    });

    expect(supergraph).not.toContain('@oneOf');
    expect(body.data).toEqual({ batch: null });
    // @apollo/gateway nests the subgraph's 400 answer in extensions; the message is the subgraph's.
    expect(JSON.stringify(body.errors)).toContain('Exactly one key must be specified for OneOf type \\"BatchRequestInput\\"');
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it("sends the batch field's requests to Cronofy in one call", async () => {
    const requests = [
      { upsertEvent: eventInput(1) },
      { deleteEvent: { calendarId: 'cal_2', eventId: 'old' } },
      { upsertAvailablePeriod: { availablePeriodId: 'focus', start: '2026-12-08T13:00:00Z', end: '2026-12-08T17:00:00Z' } },
    ];
    const { body } = await send(`mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { ${ANY_RESULT} } }`, { r: requests });

    expect(body.errors).toBeUndefined();
    expect((body.data!.batch as any[]).map((answer) => answer.__typename)).toEqual([
      'UpsertEventSuccess',
      'DeleteEventSuccess',
      'UpsertAvailablePeriodSuccess',
    ]);
    expect(stack.simulator.calls).toHaveLength(1);
    expect(stack.simulator.calls[0]!.entries).toHaveLength(3);
  });
});

const FOUR_FIELDS = `mutation($a: UpsertEventInput!, $b: UpsertEventInput!, $c: UpsertEventInput!) {
  a: upsertEvent(input: $a) { __typename }
  b: upsertEvent(input: $b) { __typename }
  c: upsertEvent(input: $c) { __typename }
  d: deleteAvailablePeriod(input: { availablePeriodId: "focus" }) { __typename }
}`;
const FOUR_ANSWERS = {
  a: { __typename: 'UpsertEventSuccess' },
  b: { __typename: 'UpsertEventSuccess' },
  c: { __typename: 'UpsertEventSuccess' },
  d: { __typename: 'DeleteAvailablePeriodSuccess' },
};

describe('@apollo/gateway', () => {
  it("sends a mutation's consecutive fields for this subgraph as one request, so they reach Cronofy in one call", async () => {
    const { body } = await postGraphQL(
      gateways['@apollo/gateway']!.url,
      FOUR_FIELDS,
      { a: eventInput(1), b: eventInput(2), c: eventInput(3) },
      ALICE,
    );

    expect(body).toEqual({ data: FOUR_ANSWERS });
    expect(stack.simulator.calls).toHaveLength(1);
    expect(stack.simulator.calls[0]!.entries.map((e: any) => e.data.event_id ?? e.data.available_period_id)).toEqual([
      'event-1',
      'event-2',
      'event-3',
      'focus',
    ]);
  });
});

describe('Hive Gateway', () => {
  it('sends each root mutation field as its own request: four fields reach Cronofy in four calls (use the batch field instead)', async () => {
    const { body } = await postGraphQL(
      gateways['Hive Gateway']!.url,
      FOUR_FIELDS,
      { a: eventInput(1), b: eventInput(2), c: eventInput(3) },
      ALICE,
    );

    expect(body).toEqual({ data: FOUR_ANSWERS });
    expect(stack.simulator.calls.map((c) => c.entries.length)).toEqual([1, 1, 1, 1]);
  });
});
