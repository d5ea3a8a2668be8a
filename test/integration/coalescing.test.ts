import { describe, expect, it } from 'vitest';
import { ALICE, ANY_RESULT, BOB, eventInput, useStack, upsertOperation } from '../support/stack.js';

const stack = useStack();

describe('an operation with N mutation fields makes ceil(N / 50) Cronofy calls', () => {
  it.each([1, 10, 50, 51, 120, 200])('N = %i', async (n) => {
    const { query, variables } = upsertOperation(n);
    const { status, body } = await stack.graphql(query, variables);

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.calls).toHaveLength(Math.ceil(n / 50));
    expect(stack.simulator.calls.map((c) => c.entries.length)).toEqual(
      Array.from({ length: Math.ceil(n / 50) }, (_, i) => Math.min(50, n - i * 50)),
    );
    // Entries keep document order across calls, and each field reports its own entry.
    const sent = stack.simulator.calls.flatMap((c) => c.entries.map((e: any) => e.data.event_id));
    expect(sent).toEqual(Array.from({ length: n }, (_, i) => `event-${i}`));
    for (let i = 0; i < n; i++) {
      expect(body.data![`f${i}`]).toEqual({ __typename: 'UpsertEventSuccess', calendarId: 'cal_1', eventId: `event-${i}`, status: 202 });
    }
    expect(Object.keys(body.data!)).toEqual(Array.from({ length: n }, (_, i) => `f${i}`));
  });
});

describe('the batch field', () => {
  it('sends 120 mixed requests in 3 calls and answers them in order', async () => {
    const requests = Array.from({ length: 120 }, (_, i) =>
      i % 3 === 0
        ? { upsertEvent: eventInput(i) }
        : i % 3 === 1
          ? { deleteEvent: { calendarId: 'cal_2', eventId: `gone-${i}` } }
          : { upsertAvailablePeriod: { availablePeriodId: `ap-${i}`, start: '2026-12-08T13:00:00Z', end: '2026-12-08T17:00:00Z' } },
    );
    const { body } = await stack.graphql(`mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { ${ANY_RESULT} } }`, { r: requests });

    expect(body.errors).toBeUndefined();
    expect(stack.simulator.calls.map((c) => c.entries.length)).toEqual([50, 50, 20]);
    const answers = body.data!.batch as any[];
    expect(answers).toHaveLength(120);
    answers.forEach((answer, i) => {
      if (i % 3 === 0)
        expect(answer).toEqual({ __typename: 'UpsertEventSuccess', calendarId: 'cal_1', eventId: `event-${i}`, status: 202 });
      if (i % 3 === 1) expect(answer).toEqual({ __typename: 'DeleteEventSuccess', calendarId: 'cal_2', eventId: `gone-${i}`, status: 202 });
      if (i % 3 === 2) expect(answer).toEqual({ __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: `ap-${i}`, status: 202 });
    });
  });

  it('coalesces with the aliased fields around it', async () => {
    const { body } = await stack.graphql(
      `mutation($r: [BatchRequestInput!]!, $a: UpsertEventInput!, $b: UpsertEventInput!) {
        a: upsertEvent(input: $a) { __typename }
        batch(requests: $r) { __typename }
        b: upsertEvent(input: $b) { __typename }
      }`,
      { a: eventInput(1), b: eventInput(2), r: [{ upsertEvent: eventInput(3) }, { deleteEvent: { calendarId: 'cal_1', eventId: 'x' } }] },
    );
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.calls).toHaveLength(1);
    expect(stack.simulator.calls[0]!.entries.map((e: any) => e.data.event_id)).toEqual(['event-1', 'event-3', 'x', 'event-2']);
  });
});

describe('callers and requests', () => {
  it('sends two identical mutations as two entries, in two calls one after the other', async () => {
    stack.simulator.latencyMs = 30;
    try {
      const { body } = await stack.graphql(
        `mutation($e: UpsertEventInput!) { a: upsertEvent(input: $e) { __typename } b: upsertEvent(input: $e) { __typename } }`,
        { e: eventInput(7) },
      );
      expect(body.data).toEqual({ a: { __typename: 'UpsertEventSuccess' }, b: { __typename: 'UpsertEventSuccess' } });
      const [first, second] = stack.simulator.calls;
      expect(stack.simulator.calls).toHaveLength(2);
      expect(first!.entries).toEqual(second!.entries);
      // Cronofy does not promise order inside a call, nor between concurrent calls.
      expect(second!.receivedAt).toBeGreaterThanOrEqual(first!.answeredAt);
    } finally {
      stack.simulator.latencyMs = 0;
    }
  });

  it('keeps an upsert and a delete of the same event in order, so the event ends deleted', async () => {
    stack.simulator.latencyMs = 20;
    try {
      const { body } = await stack.graphql(
        `mutation($e: UpsertEventInput!, $d: DeleteEventInput!, $other: UpsertEventInput!) {
          create: upsertEvent(input: $e) { __typename }
          other: upsertEvent(input: $other) { __typename }
          remove: deleteEvent(input: $d) { __typename }
        }`,
        { e: eventInput(8), d: { calendarId: 'cal_1', eventId: 'event-8' }, other: eventInput(9) },
      );
      expect(body.errors).toBeUndefined();
      expect(stack.simulator.calls.map((c) => c.entries.map((e: any) => `${e.method} ${e.data.event_id}`))).toEqual([
        ['POST event-8', 'POST event-9'],
        ['DELETE event-8'],
      ]);
      expect(stack.simulator.account(ALICE).calendars.get('cal_1')!.events.has('event-8')).toBe(false);
      expect(stack.simulator.account(ALICE).calendars.get('cal_1')!.events.has('event-9')).toBe(true);
    } finally {
      stack.simulator.latencyMs = 0;
    }
  });

  it('gives two callers in the same tick separate calls, each with its own token', async () => {
    const { query, variables } = upsertOperation(3);
    const bobs = upsertOperation(2);
    bobs.variables = { e0: eventInput(100, 'cal_bob'), e1: eventInput(101, 'cal_bob') };
    const [alice, bob] = await Promise.all([
      stack.graphql(query, variables, { token: ALICE }),
      stack.graphql(bobs.query, bobs.variables, { token: BOB }),
    ]);

    expect(alice.body.errors).toBeUndefined();
    expect(bob.body.errors).toBeUndefined();
    expect(stack.simulator.calls).toHaveLength(2);
    const byToken = Object.fromEntries(stack.simulator.calls.map((c) => [c.accessToken, c.entries.map((e: any) => e.data.event_id)]));
    expect(byToken).toEqual({ [ALICE]: ['event-0', 'event-1', 'event-2'], [BOB]: ['event-100', 'event-101'] });
    expect(stack.simulator.account(BOB).calendars.get('cal_bob')!.events.size).toBe(2);
  });

  it('shares one call among the operations of one HTTP batch request', async () => {
    const single = `mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename ... on UpsertEventSuccess { eventId } } }`;
    const { status, body } = await stack.post(
      [
        { query: single, variables: { e: eventInput(1) } },
        { query: single, variables: { e: eventInput(2) } },
        { query: single, variables: { e: eventInput(3) } },
      ],
      { authorization: `Bearer ${ALICE}` },
    );
    expect(status).toBe(200);
    expect(body.map((r: any) => r.data.upsertEvent.eventId)).toEqual(['event-1', 'event-2', 'event-3']);
    expect(stack.simulator.calls).toHaveLength(1);
    expect(stack.simulator.calls[0]!.entries).toHaveLength(3);
  });

  it('shares one call among separate HTTP requests of one caller that arrive together', async () => {
    const single = `mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename } }`;
    const answers = await Promise.all([1, 2, 3, 4].map((n) => stack.graphql(single, { e: eventInput(n) })));
    expect(answers.map((a) => a.body.data!.upsertEvent.__typename)).toEqual(Array(4).fill('UpsertEventSuccess'));
    // Requests parsed in the same turn of the event loop share a call; never more calls than requests.
    expect(stack.simulator.calls.flatMap((c) => c.entries)).toHaveLength(4);
    expect(stack.simulator.calls.length).toBeLessThanOrEqual(4);
  });
});
