import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedAnswer, allAccepted, startScriptedUpstream } from '../support/scripted-upstream.js';
import {
  ALICE,
  ANSWER_FRAGMENTS,
  type GraphQLResponse,
  type Stack,
  eventInput,
  serverHeldAccount,
  startStack,
  useStack,
} from '../support/stack.js';

/**
 * A token Cronofy refuses (401) ends its caller's queue: the writes of that caller still waiting
 * (chained behind a same-resource call, or coming after the refusal) are answered UNAUTHENTICATED
 * without another call to Cronofy.
 */
// Chains of 200 writes to one event need 200 calls: far past the per-request budget, which these tests are not about.
const LONG_CHAINS = { MAX_CALLS_PER_REQUEST: '1000' };
const stack = useStack({ env: LONG_CHAINS });

/** An operation of `n` `upsertEvent` fields, all writing event `event-<event>`: sent in n sequential calls. */
function sameEventOperation(n: number, event = 0) {
  const definitions = Array.from({ length: n }, (_, i) => `$e${i}: UpsertEventInput!`).join(', ');
  const fields = Array.from({ length: n }, (_, i) => `f${i}: upsertEvent(input: $e${i}) { ...Answer }`).join('\n');
  return {
    query: `mutation Same(${definitions}) {\n${fields}\n}\n${ANSWER_FRAGMENTS}`,
    variables: Object.fromEntries(Array.from({ length: n }, (_, i) => [`e${i}`, { ...eventInput(event), summary: `Version ${i}` }])),
  };
}

function codes(body: GraphQLResponse['body']) {
  return (body.errors ?? []).map((e) => e.extensions?.code);
}

const NOT_SENT = 'Cronofy refused this access token (401) for an earlier write, so this write was not sent';

describe('a caller token that Cronofy refuses', () => {
  it('ends the chain of 200 writes to one event after one call', async () => {
    const before = stack.simulator.unauthorizedCalls;
    const { query, variables } = sameEventOperation(200);
    const { body } = await stack.graphql(query, variables, { token: 'dead-token-1' });

    expect(stack.simulator.unauthorizedCalls - before).toBe(1);
    expect(stack.simulator.calls).toHaveLength(0);
    expect(Object.values(body.data!)).toEqual(Array(200).fill(null));
    expect(codes(body)).toEqual(Array(200).fill('UNAUTHENTICATED'));
    // The one call sent has Cronofy's own answer; every other field says it was not sent.
    expect(body.errors![0]!.message).toContain('Cronofy answered 401');
    expect(body.errors![0]!.extensions?.upstreamStatus).toBe(401);
    for (const error of body.errors!.slice(1)) {
      expect(error.message).toContain(NOT_SENT);
      expect(error.message).toContain('fresh access token');
      expect(error.extensions?.upstreamStatus).toBeUndefined();
    }
    expect(JSON.stringify(body)).not.toContain('dead-token-1');
  });

  it('ends every operation of an HTTP batch after one call', async () => {
    const before = stack.simulator.unauthorizedCalls;
    const operations = [0, 1, 2, 3, 4].map((n) => sameEventOperation(50, n));
    const { status, body } = await stack.post(operations, { authorization: 'Bearer dead-token-2' });

    expect(status).toBe(200);
    expect(stack.simulator.unauthorizedCalls - before).toBe(1);
    expect(body).toHaveLength(5);
    for (const answer of body as GraphQLResponse['body'][]) {
      expect(Object.values(answer.data!)).toEqual(Array(50).fill(null));
      expect(codes(answer)).toEqual(Array(50).fill('UNAUTHENTICATED'));
    }
  });

  it("leaves another caller's queue alone meanwhile", async () => {
    const before = stack.simulator.unauthorizedCalls;
    stack.simulator.latencyMs = 10;
    const [alice, dead] = await Promise.all([
      stack.graphql(sameEventOperation(20, 7).query, sameEventOperation(20, 7).variables, { token: ALICE }),
      stack.graphql(sameEventOperation(20, 7).query, sameEventOperation(20, 7).variables, { token: 'dead-token-3' }),
    ]).finally(() => (stack.simulator.latencyMs = 0));

    expect(alice.body.errors).toBeUndefined();
    expect(Object.values(alice.body.data!).every((f) => f.__typename === 'UpsertEventSuccess')).toBe(true);
    expect(stack.simulator.calls.map((c) => c.accessToken)).toEqual(Array(20).fill(ALICE));
    expect(stack.simulator.account(ALICE).calendars.get('cal_1')!.events.get('event-7')?.summary).toBe('Version 19');

    expect(codes(dead.body)).toEqual(Array(20).fill('UNAUTHENTICATED'));
    expect(stack.simulator.unauthorizedCalls - before).toBe(1);
  });

  it('refuses later requests with the same token without a call, and a fresh token writes at once', async () => {
    const { query, variables } = sameEventOperation(3);
    await stack.graphql(query, variables, { token: 'dead-token-4' });
    const before = stack.simulator.unauthorizedCalls;

    const again = await stack.graphql(query, variables, { token: 'dead-token-4' });
    expect(codes(again.body)).toEqual(Array(3).fill('UNAUTHENTICATED'));
    expect(again.body.errors![0]!.message).toContain(NOT_SENT);
    expect(stack.simulator.unauthorizedCalls).toBe(before);

    // Another token that Cronofy does not know still gets its own call: nothing is refused on guesswork.
    const other = await stack.graphql(query, variables, { token: 'dead-token-5' });
    expect(other.body.errors![0]!.message).toContain('Cronofy answered 401');
    expect(stack.simulator.unauthorizedCalls).toBe(before + 1);

    stack.simulator.addAccount({ accessToken: 'fresh-token-4', calendarIds: ['cal_1'] });
    const fresh = await stack.graphql(query, variables, { token: 'fresh-token-4' });
    expect(fresh.body.errors).toBeUndefined();
    expect(stack.simulator.calls).toHaveLength(3);
  });

  it('refuses the same token in another data center separately (Cronofy knows a token in one data center only)', async () => {
    const { query, variables } = sameEventOperation(2);
    await stack.graphql(query, variables, { token: 'dead-token-6' });
    const before = stack.simulator.unauthorizedCalls;
    const { body } = await stack.graphql(query, variables, { token: 'dead-token-6', headers: { 'cronofy-data-center': 'uk' } });
    expect(codes(body)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(body.errors![0]!.message).toContain('Cronofy answered 401');
    expect(stack.simulator.unauthorizedCalls).toBe(before + 1);
  });
});

describe('server-held credentials', () => {
  // The refusal is remembered for twice the deadline: 1 s here, so the last test can outlast it.
  const held = useStack(serverHeldAccount({ CRONOFY_DEADLINE_MS: '500', ...LONG_CHAINS }));

  it('still refresh once after a 401, and the whole chain goes through with the new token', async () => {
    const before = held.simulator.unauthorizedCalls;
    held.simulator.expireAccessToken('server-access-1');
    const { query, variables } = sameEventOperation(200);
    const { body } = await held.graphql(query, variables, { token: null });

    expect(body.errors).toBeUndefined();
    expect(held.simulator.unauthorizedCalls - before).toBe(1);
    expect(held.simulator.refreshTokens).toHaveLength(1);
    expect(held.simulator.calls).toHaveLength(200);
    expect(new Set(held.simulator.calls.map((c) => c.accessToken)).size).toBe(1);
    expect(held.simulator.calls[0]!.accessToken).not.toBe('server-access-1');
  });

  it('end their queue when Cronofy refuses the token right after the refresh, then try again once the refusal has passed', async () => {
    held.simulator.faultPlan = () => ({ kind: 'status', status: 401 });
    const { query, variables } = sameEventOperation(200);
    const { body } = await held.graphql(query, variables, { token: null });

    // The token in use, refused; one refresh; the new token, refused too: two calls, whatever the chain's length.
    expect(held.simulator.calls).toHaveLength(2);
    expect(held.simulator.refreshTokens).toHaveLength(2);
    expect(codes(body)).toEqual(Array(200).fill('UNAUTHENTICATED'));
    const notSent = body.errors!.slice(1);
    expect(notSent[0]!.message).toContain(
      "Cronofy refused the server's access token (401) for an earlier write, even right after refreshing it",
    );
    expect(notSent[0]!.message).toContain('this write was not sent');
    expect(notSent.every((e) => e.extensions?.retryAfter === 1)).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/server-access|refresh-1|app-secret/);

    // A later request within the refusal: answered without a call and without another refresh.
    const later = await held.graphql(query, variables, { token: null });
    expect(codes(later.body)).toEqual(Array(200).fill('UNAUTHENTICATED'));
    expect(held.simulator.calls).toHaveLength(2);
    expect(held.simulator.refreshTokens).toHaveLength(2);

    // Once it has passed, the server's token is sent again (Cronofy accepts it now).
    held.simulator.faultPlan = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const after = await held.graphql(sameEventOperation(2).query, sameEventOperation(2).variables, { token: null });
    expect(after.body.errors).toBeUndefined();
    expect(held.simulator.calls).toHaveLength(4);
  });
});

describe('writes waiting for a rate-limit pause or a back-off', () => {
  const refused: ScriptedAnswer = { status: 401, body: { error: 'unauthorized' } };
  /** Held answers of the dead tokens' calls, for the test to release: the first `holds` calls of a test are held, later ones refused at once. */
  const held: Array<(answer: ScriptedAnswer) => void> = [];
  let holds = 1;
  const hold = (): ScriptedAnswer | Promise<ScriptedAnswer> =>
    holds-- > 0 ? new Promise<ScriptedAnswer>((resolve) => held.push(resolve)) : refused;
  const script = { alice: (entries: any[]): ScriptedAnswer => allAccepted(entries), dead: hold };
  let upstream: Awaited<ReturnType<typeof startScriptedUpstream>>;
  let stack: Stack;

  beforeAll(async () => {
    upstream = await startScriptedUpstream((entries, _index, authorization) =>
      authorization === `Bearer ${ALICE}` ? script.alice(entries) : script.dead(),
    );
    // Back-off of 0.5 to 1 s, long enough to refuse the token while a call waits it out.
    stack = await startStack({ cronofyApiUrl: upstream.url, env: { CRONOFY_RETRY_BASE_MS: '1000', CRONOFY_RETRY_MAX_MS: '1000' } });
  });
  afterAll(async () => {
    await stack.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.calls.length = 0;
    script.alice = allAccepted;
    script.dead = hold;
    holds = 1;
  });

  const one = (event: number) => ({
    query: `mutation($e: UpsertEventInput!) { f0: upsertEvent(input: $e) { ...Answer } } ${ANSWER_FRAGMENTS}`,
    variables: { e: eventInput(event) },
  });
  const send = (token: string, event: number) => stack.graphql(one(event).query, one(event).variables, { token });
  /** Waits until `n` calls have reached the upstream, and a little longer for the server to act on their answers. */
  const callsReach = async (n: number) => {
    while (upstream.calls.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it('a write waiting out a rate-limit pause is not sent once its token is refused', async () => {
    const first = send('dead-token-7', 1);
    await callsReach(1);
    // Alice's 429 pauses every call to the data center for 1 s.
    script.alice = () => ((script.alice = allAccepted), { status: 429, body: {}, headers: { 'retry-after': '1' } });
    const alice = send(ALICE, 2);
    await callsReach(2);
    const paused = send('dead-token-7', 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    held.shift()!(refused);

    const [a, b, c] = await Promise.all([first, alice, paused]);
    expect(a.body.errors![0]!.message).toContain('Cronofy answered 401');
    expect(b.body.errors).toBeUndefined();
    expect(codes(c.body)).toEqual(['UNAUTHENTICATED']);
    expect(c.body.errors![0]!.message).toContain(NOT_SENT);
    // The dead token's first call, Alice's 429 and her retry: the paused write never went.
    expect(upstream.calls.map((call) => call.authorization)).toEqual(['Bearer dead-token-7', `Bearer ${ALICE}`, `Bearer ${ALICE}`]);
  });

  it('a call backing off after a 503 is not sent again once its token is refused, and says the 503 may have been applied', async () => {
    const first = send('dead-token-8', 1);
    await callsReach(1);
    script.dead = () => ((script.dead = hold), { status: 503, body: {} });
    const backingOff = send('dead-token-8', 2);
    await callsReach(2);
    held.shift()!(refused);

    const [a, b] = await Promise.all([first, backingOff]);
    expect(a.body.errors![0]!.message).toContain('Cronofy answered 401');
    expect(codes(b.body)).toEqual(['UNAUTHENTICATED']);
    expect(b.body.errors![0]!.message).toContain('this retry was not sent, but an earlier attempt of this call may have been applied');
    expect(upstream.calls).toHaveLength(2);
  });

  it('calls already on the wire when the token is refused cannot be recalled: each gets Cronofy’s own answer', async () => {
    holds = 2;
    const first = send('dead-token-9', 1);
    await callsReach(1);
    const second = send('dead-token-9', 2);
    await callsReach(2);
    held.shift()!(refused);
    held.shift()!(refused);
    for (const { body } of await Promise.all([first, second])) expect(body.errors![0]!.message).toContain('Cronofy answered 401');
    expect(upstream.calls).toHaveLength(2);
  });
});
