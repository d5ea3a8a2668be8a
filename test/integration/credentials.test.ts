import { describe, expect, it } from 'vitest';
import { eventInput, SERVER_CLIENT, serverHeldAccount, upsertOperation, useStack } from '../support/stack.js';

/**
 * Server-held credentials: a request without Authorization writes to the server's own account;
 * an expired access token is refreshed once (however many calls got the 401) and the call sent again.
 */
const CLIENT = SERVER_CLIENT;
const stack = useStack(serverHeldAccount());

describe('server-held credentials', () => {
  it('writes with the server token when the request has no Authorization', async () => {
    const { body } = await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables, { token: null });
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.calls.map((c) => c.accessToken)).toEqual(['server-access-1']);
  });

  it('a caller with its own token still writes as itself', async () => {
    stack.simulator.addAccount({ accessToken: 'dave', calendarIds: ['cal_1'] });
    await stack.graphql(upsertOperation(1).query, upsertOperation(1).variables, { token: 'dave' });
    expect(stack.simulator.calls.map((c) => c.accessToken)).toEqual(['dave']);
  });

  it('refreshes once on 401, keeps the rotated refresh token, and sends the call again', async () => {
    const before = stack.simulator.account('server-access-1');
    stack.simulator.expireAccessToken('server-access-1');
    // Three requests at once, writing distinct events in separate calls: every call gets 401, one refresh serves them all.
    const { query } = upsertOperation(1);
    stack.simulator.latencyMs = 50;
    const answers = await Promise.all(
      [0, 1, 2].map((n) => stack.graphql(query, { e0: eventInput(100 + n) }, { token: null, headers: { 'x-request': String(n) } })),
    ).finally(() => (stack.simulator.latencyMs = 0));
    for (const { body } of answers) expect(body.errors).toBeUndefined();
    expect(stack.simulator.unauthorizedCalls).toBeGreaterThanOrEqual(2);
    expect(stack.simulator.refreshTokens).toHaveLength(1);
    const fresh = before.accessToken;
    expect(fresh).not.toBe('server-access-1');

    // The rotated refresh token is the one used next time.
    stack.simulator.expireAccessToken(fresh);
    const { body } = await stack.graphql(upsertOperation(1).query, upsertOperation(1).variables, { token: null });
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.refreshTokens).toHaveLength(2);
    expect(JSON.stringify(answers)).not.toContain(fresh);
  });
});

describe('the server account and the data center header', () => {
  it('refuses another data center for requests without Authorization: nothing sent, nothing refreshed', async () => {
    const before = stack.simulator.refreshTokens.length;
    const { body } = await stack.graphql(upsertOperation(1).query, upsertOperation(1).variables, {
      token: null,
      headers: { 'cronofy-data-center': 'uk' },
    });
    expect(body.errors![0]).toMatchObject({ path: ['f0'], extensions: { code: 'BAD_DATA_CENTER' } });
    expect(body.errors![0]!.message).toContain("this service's own account, which is in the us data center");
    expect(stack.simulator.calls).toHaveLength(0);
    expect(stack.simulator.refreshTokens).toHaveLength(before);
  });
});

describe('a refused refresh token', () => {
  const own = useStack({
    accounts: [{ accessToken: 'server-access-2', calendarIds: ['cal_1'] }],
    oauthClients: [{ ...CLIENT, refreshTokens: [] }],
    env: {
      CRONOFY_CLIENT_ID: CLIENT.clientId,
      CRONOFY_CLIENT_SECRET: CLIENT.clientSecret,
      CRONOFY_REFRESH_TOKEN: 'revoked-refresh-token',
      CRONOFY_ACCESS_TOKEN: 'server-access-2',
    },
  });

  it('answers UNAUTHENTICATED saying the refresh token was refused, without echoing a secret', async () => {
    own.simulator.expireAccessToken('server-access-2');
    const { body } = await own.graphql(upsertOperation(2).query, upsertOperation(2).variables, { token: null });
    expect(body.data).toEqual({ f0: null, f1: null });
    expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(body.errors![0]!.message).toContain("refused the server's refresh token (invalid_grant)");
    const text = JSON.stringify(body);
    for (const secret of ['revoked-refresh-token', CLIENT.clientSecret, 'server-access-2']) expect(text).not.toContain(secret);
  });

  it('is sent to Cronofy once, not once for every write queued behind it', async () => {
    own.simulator.expireAccessToken('server-access-2');
    const before = own.simulator.tokenRequests;
    // Ten writes to one event go in ten calls, one after another: each would get a 401 and try to refresh.
    const same = Array.from({ length: 10 }, () => ({ deleteEvent: { calendarId: 'cal_1', eventId: 'same' } }));
    const { body } = await own.graphql(
      'mutation($r: [BatchRequestInput!]!) { batch(requests: $r) { __typename } }',
      { r: same },
      { token: null },
    );
    expect(body.errors!.map((e) => e.extensions?.code)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(own.simulator.tokenRequests - before).toBeLessThanOrEqual(1);
  });
});
