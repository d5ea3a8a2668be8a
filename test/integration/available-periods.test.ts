import { describe, expect, it } from 'vitest';
import { ALICE, answerOf, ANY_RESULT, BOB, eventInput, startStack, useStack } from '../support/stack.js';

/**
 * The three available-period requests, parameter by parameter: Create or Update, Delete, and
 * Bulk Delete (`{"delete_all": true}`), through GraphQL to the simulator and back.
 */
const stack = useStack();

const period = (id: string, hour = 13) => ({
  availablePeriodId: id,
  start: `2026-12-08T${hour}:00:00Z`,
  end: `2026-12-08T${hour + 1}:00:00Z`,
});
const periodsOf = (token = ALICE) => [...stack.simulator.account(token).availablePeriods.keys()].sort();
const entries = () => stack.simulator.calls.map((call) => call.entries);
const UPSERT = `mutation($p: UpsertAvailablePeriodInput!) { upsertAvailablePeriod(input: $p) { ${answerOf('UpsertAvailablePeriodSuccess')} } }`;
const DELETE_ALL = `mutation { deleteAllAvailablePeriods(input: { deleteAll: true }) { ${answerOf('DeleteAllAvailablePeriodsSuccess')} } }`;

async function seed(...ids: string[]) {
  for (const id of ids) await stack.graphql(UPSERT, { p: period(id) });
  expect(periodsOf()).toEqual(expect.arrayContaining(ids));
  stack.simulator.calls.length = 0;
}

describe('Create or Update Available Period: every parameter', () => {
  it('sends available_period_id, start and end as Cronofy documents them, and Cronofy keeps the period', async () => {
    const { body } = await stack.graphql(UPSERT, { p: period('focus-plain') });
    expect(body.data!.upsertAvailablePeriod).toEqual({
      __typename: 'UpsertAvailablePeriodSuccess',
      availablePeriodId: 'focus-plain',
      status: 202,
    });
    expect(entries()).toEqual([
      [
        {
          method: 'POST',
          relative_url: '/v1/available_periods',
          data: { available_period_id: 'focus-plain', start: '2026-12-08T13:00:00Z', end: '2026-12-08T14:00:00Z' },
        },
      ],
    ]);
    expect(stack.simulator.account(ALICE).availablePeriods.get('focus-plain')).toMatchObject({ start: '2026-12-08T13:00:00Z' });
  });

  it("sends startTzid and endTzid as start.tzid and end.tzid, in Cronofy's { time, tzid } form, each on its own", async () => {
    const { body } = await stack.graphql(
      `mutation($a: UpsertAvailablePeriodInput!, $b: UpsertAvailablePeriodInput!) {
        a: upsertAvailablePeriod(input: $a) { __typename }
        b: upsertAvailablePeriod(input: $b) { __typename }
      }`,
      {
        a: { ...period('focus-zoned'), startTzid: 'Europe/Paris', endTzid: 'America/Chicago' },
        b: { ...period('focus-end-zoned'), endTzid: 'Europe/London' },
      },
    );
    expect(body.data).toEqual({ a: { __typename: 'UpsertAvailablePeriodSuccess' }, b: { __typename: 'UpsertAvailablePeriodSuccess' } });
    expect(stack.simulator.calls[0]!.entries.map((e: any) => e.data)).toEqual([
      {
        available_period_id: 'focus-zoned',
        start: { time: '2026-12-08T13:00:00Z', tzid: 'Europe/Paris' },
        end: { time: '2026-12-08T14:00:00Z', tzid: 'America/Chicago' },
      },
      {
        available_period_id: 'focus-end-zoned',
        start: '2026-12-08T13:00:00Z',
        end: { time: '2026-12-08T14:00:00Z', tzid: 'Europe/London' },
      },
    ]);
    expect(stack.simulator.calls[0]!.results).toEqual([{ status: 202 }, { status: 202 }]);
  });

  it.each([
    ['startTzid', 'start'],
    ['endTzid', 'end'],
  ])('refuses %s: null with a ValidationError that says what to send, sending nothing, while its sibling goes', async (field, boundary) => {
    const { body } = await stack.graphql(
      `mutation($p: UpsertAvailablePeriodInput!, $r: [BatchRequestInput!]!) {
        field: upsertAvailablePeriod(input: $p) { ${answerOf('UpsertAvailablePeriodSuccess')} }
        batch(requests: $r) { ${ANY_RESULT} }
      }`,
      {
        p: { ...period('null-zone'), [field]: null },
        r: [{ upsertAvailablePeriod: { ...period('null-zone-2'), [field]: null } }, { upsertAvailablePeriod: period('sibling') }],
      },
    );
    const refusal = {
      __typename: 'ValidationError',
      message: `The input was refused before sending: ${field} is null, which Cronofy gives no meaning: leave ${field} out to send ${boundary} as a plain UTC time, or give an IANA time zone such as "Europe/London".`,
      fieldErrors: [
        {
          field,
          key: 'errors.null',
          description: `${field} is null, which Cronofy gives no meaning: leave ${field} out to send ${boundary} as a plain UTC time, or give an IANA time zone such as "Europe/London".`,
        },
      ],
    };
    expect(body.data!.field).toEqual(refusal);
    expect(body.data!.batch).toEqual([refusal, { __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: 'sibling', status: 202 }]);
    expect(
      entries()
        .flat()
        .map((e: any) => e.data.available_period_id),
    ).toEqual(['sibling']);
  });

  it('refuses a zone that is not an IANA zone on its own field', async () => {
    const { body } = await stack.graphql(UPSERT, { p: { ...period('bad-zone'), startTzid: 'Mars/Olympus_Mons' } });
    expect(body.data!.upsertAvailablePeriod.fieldErrors).toEqual([
      {
        field: 'startTzid',
        key: 'errors.invalid',
        description: 'startTzid "Mars/Olympus_Mons" is not an IANA time zone such as "Europe/London" or "Etc/UTC".',
      },
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it.each(['availablePeriodId', 'start', 'end'])('refuses %s: null before anything runs, as its type is non-null', async (field) => {
    const { status, body } = await stack.graphql(UPSERT, { p: { ...period('p'), [field]: null } });
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toContain(`Expected non-nullable type`);
    expect(body.errors![0]!.message).toContain(field);
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

describe('Delete Available Period', () => {
  it('sends available_period_id, and Cronofy deletes that period alone', async () => {
    await seed('keep', 'drop');
    const { body } = await stack.graphql(
      `mutation { deleteAvailablePeriod(input: { availablePeriodId: "drop" }) { ${answerOf('DeleteAvailablePeriodSuccess')} } }`,
    );
    expect(body.data!.deleteAvailablePeriod).toEqual({
      __typename: 'DeleteAvailablePeriodSuccess',
      availablePeriodId: 'drop',
      status: 202,
    });
    expect(entries()).toEqual([[{ method: 'DELETE', relative_url: '/v1/available_periods', data: { available_period_id: 'drop' } }]]);
    expect(periodsOf()).toContain('keep');
    expect(periodsOf()).not.toContain('drop');
  });

  it('refuses availablePeriodId: null before anything runs', async () => {
    const { status, body } = await stack.graphql(`mutation { deleteAvailablePeriod(input: { availablePeriodId: null }) { __typename } }`);
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toContain('Expected value of type "String!", found null.');
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

describe('Bulk Delete Available Periods: deleteAllAvailablePeriods', () => {
  it('sends {"delete_all": true} and Cronofy deletes every period of the caller\'s account, and no one else\'s', async () => {
    await seed('a', 'b', 'c');
    await stack.graphql(UPSERT, { p: period('bobs') }, { token: BOB });
    stack.simulator.calls.length = 0;
    const { body } = await stack.graphql(DELETE_ALL);
    expect(body).toEqual({ data: { deleteAllAvailablePeriods: { __typename: 'DeleteAllAvailablePeriodsSuccess', status: 202 } } });
    expect(entries()).toEqual([[{ method: 'DELETE', relative_url: '/v1/available_periods', data: { delete_all: true } }]]);
    expect(periodsOf()).toEqual([]);
    expect(periodsOf(BOB)).toEqual(['bobs']);
  });

  it('is a member of batch too', async () => {
    await seed('d');
    const { body } = await stack.graphql(
      `mutation { batch(requests: [{ deleteAllAvailablePeriods: { deleteAll: true } }]) { ${ANY_RESULT} } }`,
    );
    expect(body.data!.batch).toEqual([{ __typename: 'DeleteAllAvailablePeriodsSuccess', status: 202 }]);
    expect(periodsOf()).toEqual([]);
  });

  it('refuses deleteAll: false with a ValidationError that says what it means, and sends nothing', async () => {
    await seed('survivor');
    const { body } = await stack.graphql(
      `mutation {
        field: deleteAllAvailablePeriods(input: { deleteAll: false }) { ${answerOf('DeleteAllAvailablePeriodsSuccess')} }
        batch(requests: [{ deleteAllAvailablePeriods: { deleteAll: false } }]) { __typename }
      }`,
    );
    const description =
      'deleteAll must be true: it confirms that every available period of the account is to be deleted. To delete one, use deleteAvailablePeriod.';
    expect(body.data!.field).toEqual({
      __typename: 'ValidationError',
      message: `The input was refused before sending: ${description}`,
      fieldErrors: [{ field: 'deleteAll', key: 'errors.invalid', description }],
    });
    expect(body.data!.batch).toEqual([{ __typename: 'ValidationError' }]);
    expect(stack.simulator.calls).toHaveLength(0);
    expect(periodsOf()).toEqual(['survivor']);
  });

  it('refuses deleteAll: null or left out before anything runs', async () => {
    for (const [input, message] of [
      ['{ deleteAll: null }', 'Expected value of type "Boolean!", found null.'],
      ['{}', 'Field "DeleteAllAvailablePeriodsInput.deleteAll" of required type "Boolean!" was not provided.'],
    ]) {
      const { status, body } = await stack.graphql(`mutation { deleteAllAvailablePeriods(input: ${input}) { __typename } }`);
      expect(status).toBe(400);
      expect(body.errors![0]!.message).toBe(message);
    }
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

describe('a bulk delete never shares a call, or runs beside a call, with another available-period write', () => {
  it('upsert, delete-all, upsert in one operation: three calls one after another, and the last upsert survives', async () => {
    await seed('old');
    stack.simulator.latencyMs = 25;
    try {
      const { body } = await stack.graphql(
        `mutation($first: UpsertAvailablePeriodInput!, $last: UpsertAvailablePeriodInput!, $e1: UpsertEventInput!, $e2: UpsertEventInput!) {
          first: upsertAvailablePeriod(input: $first) { __typename }
          e1: upsertEvent(input: $e1) { __typename }
          all: deleteAllAvailablePeriods(input: { deleteAll: true }) { __typename }
          e2: upsertEvent(input: $e2) { __typename }
          last: upsertAvailablePeriod(input: $last) { __typename }
        }`,
        { first: period('first'), last: period('last', 15), e1: eventInput(1), e2: eventInput(2) },
      );
      expect(body.errors).toBeUndefined();
      expect(Object.values(body.data!).map((f: any) => f.__typename)).toEqual([
        'UpsertAvailablePeriodSuccess',
        'UpsertEventSuccess',
        'DeleteAllAvailablePeriodsSuccess',
        'UpsertEventSuccess',
        'UpsertAvailablePeriodSuccess',
      ]);
      // Events touch no available period: they fill the first call.
      expect(entries().map((call) => call.map((e: any) => e.data.available_period_id ?? e.data.event_id ?? 'delete_all'))).toEqual([
        ['first', 'event-1', 'event-2'],
        ['delete_all'],
        ['last'],
      ]);
      const [one, two, three] = stack.simulator.calls;
      expect(two!.receivedAt).toBeGreaterThanOrEqual(one!.answeredAt);
      expect(three!.receivedAt).toBeGreaterThanOrEqual(two!.answeredAt);
      expect(periodsOf()).toEqual(['last']);
    } finally {
      stack.simulator.latencyMs = 0;
    }
  });

  it('the same as items of one batch field', async () => {
    await seed('old');
    const { body } = await stack.graphql(`mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }`, {
      r: [
        { upsertAvailablePeriod: period('first') },
        { deleteAllAvailablePeriods: { deleteAll: true } },
        { upsertAvailablePeriod: period('last') },
        { deleteAvailablePeriod: { availablePeriodId: 'old' } },
      ],
    });
    expect(body.data!.batch.map((r: any) => r.__typename)).toEqual([
      'UpsertAvailablePeriodSuccess',
      'DeleteAllAvailablePeriodsSuccess',
      'UpsertAvailablePeriodSuccess',
      'DeleteAvailablePeriodSuccess',
    ]);
    expect(entries().map((call) => call.map((e: any) => e.data.available_period_id ?? 'delete_all'))).toEqual([
      ['first'],
      ['delete_all'],
      ['last', 'old'],
    ]);
    expect(periodsOf()).toEqual(['last']);
  });

  it('across requests: each waits for the call in flight before it, and another caller waits for nothing', async () => {
    await seed('old');
    stack.simulator.latencyMs = 150;
    const receivedCalls = (n: number) =>
      expect.poll(() => stack.simulator.receivedCalls, { timeout: 5_000, interval: 5 }).toBeGreaterThanOrEqual(n);
    try {
      const before = stack.simulator.receivedCalls;
      const upsert = stack.graphql(UPSERT, { p: period('first') });
      await receivedCalls(before + 1);
      const deleteAll = stack.graphql(DELETE_ALL);
      // Sent while the upsert's call is in flight: the bulk delete must not go yet, Bob's write may.
      const bobs = stack.graphql(UPSERT, { p: period('bobs') }, { token: BOB });
      await receivedCalls(before + 2);
      const last = stack.graphql(UPSERT, { p: period('last') });
      const answers = await Promise.all([upsert, deleteAll, bobs, last]);
      expect(answers.map((a) => Object.values(a.body.data!)[0].__typename)).toEqual([
        'UpsertAvailablePeriodSuccess',
        'DeleteAllAvailablePeriodsSuccess',
        'UpsertAvailablePeriodSuccess',
        'UpsertAvailablePeriodSuccess',
      ]);
      const alices = stack.simulator.calls.filter((c) => c.accessToken === ALICE);
      expect(alices.map((c) => c.entries.map((e: any) => e.data.available_period_id ?? 'delete_all'))).toEqual([
        ['first'],
        ['delete_all'],
        ['last'],
      ]);
      expect(alices[1]!.receivedAt).toBeGreaterThanOrEqual(alices[0]!.answeredAt);
      expect(alices[2]!.receivedAt).toBeGreaterThanOrEqual(alices[1]!.answeredAt);
      const bobsCall = stack.simulator.calls.find((c) => c.accessToken === BOB)!;
      expect(bobsCall.receivedAt).toBeLessThan(alices[0]!.answeredAt);
      expect(periodsOf()).toEqual(['last']);
    } finally {
      stack.simulator.latencyMs = 0;
    }
  });
});

describe('MAX_CALLS_PER_REQUEST counts the calls a bulk delete needs exactly', () => {
  const limited = useStack({ env: { MAX_CALLS_PER_REQUEST: '5' } });
  const chain = (kinds: string) =>
    `mutation { ${[...kinds]
      .map((kind, i) =>
        kind === 'D'
          ? `w${i}: deleteAllAvailablePeriods(input: { deleteAll: true }) { __typename }`
          : kind === 'e'
            ? `w${i}: deleteEvent(input: { calendarId: "cal_1", eventId: "e${i}" }) { __typename }`
            : `w${i}: upsertAvailablePeriod(input: { availablePeriodId: "p${i}", start: "2026-12-08T13:00:00Z", end: "2026-12-08T14:00:00Z" }) { __typename }`,
      )
      .join(' ')} }`;

  it.each([
    ['uDuDue', 5],
    ['eeeeeeDDDDD', 5],
    ['uuuuuuuuuD', 2],
  ])('lets %s through in exactly %i calls', async (kinds, calls) => {
    const { status, body } = await limited.graphql(chain(kinds));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(limited.simulator.calls).toHaveLength(calls);
  });

  it('refuses uDuDuD, six calls, whole, and sends nothing', async () => {
    const { status, body } = await limited.graphql(chain('uDuDuD'));
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toBe(
      "This request's 6 writes need 6 Cronofy batch calls, because writes to the same event or available period go in calls of their own, one after another; one request may cause at most 5. Send fewer writes per request, or spread writes to the same item over several requests.",
    );
    expect(limited.simulator.calls).toHaveLength(0);
  });
});

describe('below the Emerging plan', () => {
  it('answers the bulk delete 402 as a CronofyRequestError', async () => {
    const starter = await startStack({ accounts: [{ accessToken: 'starter', plan: 'starter' }] });
    try {
      const { body } = await starter.graphql(DELETE_ALL, {}, { token: 'starter' });
      expect(body.data!.deleteAllAvailablePeriods).toMatchObject({ __typename: 'CronofyRequestError', status: 402 });
    } finally {
      await starter.close();
    }
  });
});
