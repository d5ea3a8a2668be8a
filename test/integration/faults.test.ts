import { describe, expect, it } from 'vitest';
import { ALICE, BOB, answerOf, upsertOperation, useStack } from '../support/stack.js';

/**
 * Every fault of issue 3's table, produced by the simulator over real HTTP: whole-call statuses,
 * Retry-After, resets, lost answers, broken bodies, and per-entry faults inside a 207.
 */
const stack = useStack({
  env: { CRONOFY_MAX_RETRIES: '2', CRONOFY_TIMEOUT_MS: '300', CRONOFY_BREAKER_FAILURES: '50' },
});

const deleteExternal = `mutation($e: DeleteExternalEventInput!) { deleteExternalEvent(input: $e) { ${answerOf('DeleteExternalEventSuccess')} } }`;

function storedEvents() {
  return stack.simulator.account(ALICE).calendars.get('cal_1')!.events;
}

describe('whole-call statuses that are final', () => {
  it.each([
    [402, 'PLAN_REQUIRED'],
    [403, 'FORBIDDEN'],
    [423, 'PROVIDER_CREDENTIALS_INVALID'],
    [400, 'UPSTREAM_ERROR'],
  ])('%i reaches both fields as %s after one call, nothing applied', async (status, code) => {
    stack.simulator.injectFaults({ kind: 'status', status });
    const { query, variables } = upsertOperation(2);
    const { body } = await stack.graphql(query, variables);
    expect(body.data).toEqual({ f0: null, f1: null });
    expect(body.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['f0'], code],
      [['f1'], code],
    ]);
    expect(stack.simulator.calls).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it.each([['0.2'], ['1'], [new Date(Date.now() + 1500).toUTCString()]])(
    'waits out a 429 with Retry-After %s, then the writes go through',
    async (retryAfter) => {
      stack.simulator.injectFaults({ kind: 'status', status: 429, retryAfter });
      const { query, variables } = upsertOperation(2);
      const { body } = await stack.graphql(query, variables);
      expect(body.errors).toBeUndefined();
      expect(body.data!.f1).toMatchObject({ __typename: 'UpsertEventSuccess', status: 202 });
      expect(stack.simulator.calls.map((c) => c.fault?.kind ?? 'answered')).toEqual(['status', 'answered']);
    },
  );

  it('pauses every caller of that data center, not only the call that got the 429', async () => {
    stack.simulator.injectFaults({ kind: 'status', status: 429, retryAfter: '0.5' });
    const alice = stack.graphql(upsertOperation(1).query, upsertOperation(1).variables, { token: ALICE });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const bob = stack.graphql(
      `mutation { deleteEvent(input: { calendarId: "cal_bob", eventId: "x" }) { __typename } }`,
      {},
      { token: BOB },
    );
    await Promise.all([alice, bob]);
    const [limited, ...later] = stack.simulator.calls;
    expect(limited!.fault).toMatchObject({ status: 429 });
    const bobCall = later.find((c) => c.accessToken === BOB)!;
    // Bob's request came in 100 ms after the 429 but went upstream only once the pause was over.
    expect(bobCall.receivedAt - limited!.answeredAt).toBeGreaterThanOrEqual(350);
  });
});

describe('a rate limit longer than the deadline', () => {
  // Its own stack: the 120 s pause it provokes holds for the whole data center.
  const own = useStack({ env: { CRONOFY_DEADLINE_MS: '5000' } });

  it('answers RATE_LIMITED with retryAfter when the wait would pass the deadline', async () => {
    own.simulator.injectFaults({ kind: 'status', status: 429, retryAfter: '120' });
    const { body } = await own.graphql(upsertOperation(1).query, upsertOperation(1).variables);
    expect(body.errors![0]).toMatchObject({ path: ['f0'], extensions: { code: 'RATE_LIMITED', retryAfter: 120 } });
    expect(body.errors![0]!.message).toContain('nothing of this call was applied');
    expect(own.simulator.calls).toHaveLength(1);
    // The pause holds for every caller of the data center: waiting it out would pass the deadline, so Bob fails fast too.
    const { body: next } = await own.graphql(upsertOperation(1).query, upsertOperation(1).variables, { token: BOB });
    expect(next.errors![0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(own.simulator.calls).toHaveLength(1);
  });
});

describe('faults that may pass', () => {
  it('retries a 503 and answers from the retry', async () => {
    stack.simulator.injectFaults({ kind: 'status', status: 503 });
    const { body } = await stack.graphql(upsertOperation(3).query, upsertOperation(3).variables);
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.calls.map((c) => c.entries.length)).toEqual([3, 3]);
  });

  it('gives up after CRONOFY_MAX_RETRIES with UPSTREAM_UNAVAILABLE on every field', async () => {
    stack.simulator.injectFaults(...Array(3).fill({ kind: 'status', status: 502 }));
    const { body } = await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables);
    expect(body.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.upstreamStatus])).toEqual([
      [['f0'], 'UPSTREAM_UNAVAILABLE', 502],
      [['f1'], 'UPSTREAM_UNAVAILABLE', 502],
    ]);
    expect(body.errors![0]!.message).toMatch(/Retried 2 times/);
    expect(body.errors![0]!.message).toContain('may or may not have been applied');
    expect(stack.simulator.calls).toHaveLength(3);
  });

  it('retries a connection reset before anything was applied: each write applied once', async () => {
    stack.simulator.injectFaults({ kind: 'reset', applied: false });
    const { body } = await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables);
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.calls.map((c) => c.applied)).toEqual([false, true]);
  });

  it('replays a call whose answer was lost; upserts converge', async () => {
    stack.simulator.injectFaults({ kind: 'reset', applied: true });
    const { body } = await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables);
    expect(body.data!.f0).toMatchObject({ __typename: 'UpsertEventSuccess' });
    expect(stack.simulator.calls.map((c) => c.applied)).toEqual([true, true]);
    expect(storedEvents().get('event-0')).toMatchObject({ summary: 'Meeting 0' });
  });

  it('replays after a timeout and tells the caller that a 404 may mean the delete was already done', async () => {
    stack.simulator.addAccount({ accessToken: 'carol', calendarIds: ['cal_c'], externalEventUids: ['evt_c'] });
    stack.simulator.injectFaults({ kind: 'delay', ms: 600 });
    const { body } = await stack.graphql(deleteExternal, { e: { calendarId: 'cal_c', eventUid: 'evt_c' } }, { token: 'carol' });
    expect(body.data!.deleteExternalEvent).toMatchObject({ __typename: 'CronofyRequestError', status: 404 });
    expect(body.data!.deleteExternalEvent.message).toContain('this 404 may only mean it was already done');
    expect(stack.simulator.calls.map((c) => c.results[0]?.status)).toEqual([202, 404]);
  });
});

describe('answers that cannot be read', () => {
  it.each(['truncated', 'malformed', 'wrong-length'] as const)(
    'a %s answer fails every field with UPSTREAM_PROTOCOL_ERROR and is not retried',
    async (kind) => {
      stack.simulator.injectFaults({ kind });
      const { body } = await stack.graphql(upsertOperation(3).query, upsertOperation(3).variables);
      expect(body.data).toEqual({ f0: null, f1: null, f2: null });
      expect(body.errors!.map((e) => e.extensions?.code)).toEqual(Array(3).fill('UPSTREAM_PROTOCOL_ERROR'));
      // Cronofy had applied the writes before its answer broke: the message must not suggest otherwise.
      expect(body.errors![0]!.message).toContain('the writes may or may not have been applied');
      expect(stack.simulator.calls).toHaveLength(1);
    },
  );
});

describe('per-entry faults inside a 207', () => {
  it('sends again only the entries that got 429 or 5xx; 4xx entries are final', async () => {
    stack.simulator.injectFaults({ kind: 'entries', statuses: { 1: 503, 3: 429, 4: 403 }, retryAfter: '0.1' });
    const { body } = await stack.graphql(upsertOperation(5).query, upsertOperation(5).variables);
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data!).map((r: any) => r.__typename)).toEqual([
      'UpsertEventSuccess',
      'UpsertEventSuccess',
      'UpsertEventSuccess',
      'UpsertEventSuccess',
      'CronofyRequestError',
    ]);
    expect(body.data!.f4).toMatchObject({ status: 403 });
    const sent = stack.simulator.calls.map((c) => c.entries.map((e: any) => e.data.event_id));
    expect(sent).toEqual([
      ['event-0', 'event-1', 'event-2', 'event-3', 'event-4'],
      ['event-1', 'event-3'],
    ]);
  });

  it('answers an entry that keeps failing with its own last status', async () => {
    const always503 = { kind: 'entries' as const, statuses: { 0: 503 } };
    stack.simulator.injectFaults(always503, always503, always503);
    const { body } = await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables);
    expect(body.data!.f0).toMatchObject({ __typename: 'CronofyRequestError', status: 503 });
    expect(body.data!.f1).toMatchObject({ __typename: 'UpsertEventSuccess' });
    expect(stack.simulator.calls.map((c) => c.entries.length)).toEqual([2, 1, 1]);
  });
});

describe('answers after an attempt whose outcome is unknown (found by test/property/property.test.ts)', () => {
  const upsert = upsertOperation(1);
  const lostAnswer = { kind: 'delay' as const, ms: 600 };

  it('a final 403 after a lost answer says the earlier attempt may have applied the write', async () => {
    stack.simulator.injectFaults(lostAnswer, { kind: 'status', status: 403 });
    const { body } = await stack.graphql(upsert.query, upsert.variables);
    expect(body.errors![0]).toMatchObject({ path: ['f0'], extensions: { code: 'FORBIDDEN' } });
    expect(body.errors![0]!.message).toContain('An earlier attempt of this call may have been applied.');
    expect(stack.simulator.calls.map((c) => c.applied)).toEqual([true, false]);
    expect(storedEvents().get('event-0')).toMatchObject({ summary: 'Meeting 0' });
  });

  it('a rate limit after a lost answer does not claim that nothing was applied', async () => {
    const limited = { kind: 'status' as const, status: 429, retryAfter: '0' };
    stack.simulator.injectFaults(lostAnswer, limited, limited);
    const { body } = await stack.graphql(upsert.query, upsert.variables);
    expect(body.errors![0]).toMatchObject({ path: ['f0'], extensions: { code: 'RATE_LIMITED' } });
    expect(body.errors![0]!.message).not.toContain('nothing of this call was applied');
    expect(body.errors![0]!.message).toContain('an earlier attempt may have been applied');
    expect(stack.simulator.calls.map((c) => c.applied)).toEqual([true, false, false]);
  });

  it('an entry retried after its own 429 says so when the retry may have applied it', async () => {
    stack.simulator.injectFaults({ kind: 'entries', statuses: { 0: 429 }, retryAfter: '0.05' }, { kind: 'truncated' });
    const { body } = await stack.graphql(upsert.query, upsert.variables);
    expect(body.data!.f0).toMatchObject({ __typename: 'CronofyRequestError', status: 429 });
    expect(body.data!.f0.message).toContain('that attempt may have applied it');
    // The retry's answer was cut short, but Cronofy had applied it.
    expect(storedEvents().get('event-0')).toMatchObject({ summary: 'Meeting 0' });
  });

  it('an entry keeps saying it may have been applied when it is sent once more after its own 429', async () => {
    stack.simulator.addAccount({ accessToken: 'dave', calendarIds: ['cal_d'], externalEventUids: ['evt_d'] });
    stack.simulator.injectFaults(lostAnswer, { kind: 'entries', statuses: { 0: 429 }, retryAfter: '0.05' });
    const { body } = await stack.graphql(deleteExternal, { e: { calendarId: 'cal_d', eventUid: 'evt_d' } }, { token: 'dave' });
    // The lost answer's attempt deleted it; the third attempt finds it gone.
    expect(stack.simulator.calls.map((c) => c.results[0]?.status)).toEqual([202, 429, 404]);
    expect(body.data!.deleteExternalEvent).toMatchObject({ __typename: 'CronofyRequestError', status: 404 });
    expect(body.data!.deleteExternalEvent.message).toContain('this 404 may only mean it was already done');
  });

  it('a 422 for a replayed write says that an earlier attempt may have applied it', async () => {
    stack.simulator.injectFaults({ kind: 'reset', applied: true }, { kind: 'entries', statuses: { 0: 422 } });
    const { body } = await stack.graphql(upsert.query, upsert.variables);
    expect(body.data!.f0).toMatchObject({ __typename: 'ValidationError' });
    expect(body.data!.f0.message).toContain('that attempt may have applied it');
    expect(storedEvents().get('event-0')).toMatchObject({ summary: 'Meeting 0' });
  });
});

describe('circuit breaker', () => {
  const own = useStack({
    env: { CRONOFY_MAX_RETRIES: '0', CRONOFY_BREAKER_FAILURES: '2', CRONOFY_BREAKER_COOLDOWN_MS: '300' },
  });
  const one = () => own.graphql(upsertOperation(1).query, upsertOperation(1).variables);

  it('fails fast after failures in a row, then lets one probe through and closes again', async () => {
    own.simulator.injectFaults({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    await one();
    await one();
    expect(own.simulator.calls).toHaveLength(2);

    const { body } = await one();
    expect(body.errors![0]).toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(body.errors![0]!.message).toContain('failed 2 calls in a row');
    expect(own.simulator.calls).toHaveLength(2);

    await new Promise((resolve) => setTimeout(resolve, 350));
    const probe = await one();
    expect(probe.body.data!.f0).toMatchObject({ __typename: 'UpsertEventSuccess' });
    const after = await one();
    expect(after.body.errors).toBeUndefined();
    expect(own.simulator.calls).toHaveLength(4);
  });
});

describe('a circuit whose probe cannot get a token', () => {
  // The server's refresh token is refused, and no access token is held: its writes fail before sending.
  const own = useStack({
    oauthClients: [{ clientId: 'app', clientSecret: 'app-secret', refreshTokens: [] }],
    env: {
      CRONOFY_MAX_RETRIES: '0',
      CRONOFY_BREAKER_FAILURES: '1',
      CRONOFY_BREAKER_COOLDOWN_MS: '100',
      CRONOFY_CLIENT_ID: 'app',
      CRONOFY_CLIENT_SECRET: 'app-secret',
      CRONOFY_REFRESH_TOKEN: 'revoked',
    },
  });

  it("does not keep the data center's circuit open for every other caller", async () => {
    own.simulator.injectFaults({ kind: 'status', status: 500 });
    await own.graphql(upsertOperation(1).query, upsertOperation(1).variables);
    await new Promise((resolve) => setTimeout(resolve, 150));
    // The first write after the cool-down, without Authorization, cannot get the server's token.
    const server = await own.graphql(upsertOperation(1).query, upsertOperation(1).variables, { token: null });
    expect(server.body.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // A caller with its own token is the probe, and closes the circuit.
    const { body } = await own.graphql(upsertOperation(1).query, upsertOperation(1).variables);
    expect(body.data!.f0).toMatchObject({ __typename: 'UpsertEventSuccess' });
    expect(own.simulator.calls).toHaveLength(2);
  });
});

describe('a circuit that opens between a lost answer and its retry', () => {
  const own = useStack({ env: { CRONOFY_TIMEOUT_MS: '300', CRONOFY_BREAKER_FAILURES: '1', CRONOFY_BREAKER_COOLDOWN_MS: '60000' } });

  it('still says that the earlier attempt may have been applied', async () => {
    own.simulator.injectFaults({ kind: 'delay', ms: 600 });
    const { body } = await own.graphql(upsertOperation(1).query, upsertOperation(1).variables);
    expect(body.errors![0]).toMatchObject({ path: ['f0'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(body.errors![0]!.message).toContain('fail at once');
    expect(body.errors![0]!.message).toContain('An earlier attempt of this call may have been applied.');
    expect(own.simulator.calls.map((c) => c.applied)).toEqual([true]);
  });
});
