import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { upsertOperation, useStack } from '../support/stack.js';

/**
 * The server's JSON log lines, read as an operator reads them: one line per HTTP request to
 * Cronofy, and never a credential, whatever the flow.
 */
const USER_TOKEN = 'user-token-5f3a9c01';
const WRONG_TOKEN = 'wrong-token-77d1e0aa';
const CLIENT = { clientId: 'app-id-log-test', clientSecret: 'client-secret-b41e22' };
const REFRESH_TOKEN = 'refresh-token-c0de7731';
const SERVER_TOKEN = 'server-access-9e2f0b';

const lines: string[] = [];
const stack = useStack({
  accounts: [
    { accessToken: USER_TOKEN, calendarIds: ['cal_1'] },
    { accessToken: SERVER_TOKEN, calendarIds: ['cal_1'] },
  ],
  oauthClients: [{ ...CLIENT, refreshTokens: [{ refreshToken: REFRESH_TOKEN, accessToken: SERVER_TOKEN }] }],
  env: {
    CRONOFY_CLIENT_ID: CLIENT.clientId,
    CRONOFY_CLIENT_SECRET: CLIENT.clientSecret,
    CRONOFY_REFRESH_TOKEN: REFRESH_TOKEN,
    CRONOFY_ACCESS_TOKEN: SERVER_TOKEN,
  },
  // The most verbose level, so that Yoga's own debug lines are checked too.
  logger: createLogger('trace', { write: (line: string) => void lines.push(line) }),
});

const logged = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
const batchCalls = () => logged().filter((line) => String(line.msg).startsWith('cronofy batch call'));

describe('log lines', () => {
  it('has one JSON line per upstream request: data center, entries, statuses or error, duration, retry', async () => {
    stack.simulator.injectFaults({ kind: 'status', status: 503 });
    const before = batchCalls().length;
    const { body } = await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables, { token: USER_TOKEN });
    expect(body.errors).toBeUndefined();

    const calls = batchCalls().slice(before);
    expect(calls).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'cronofy batch call failed',
        dataCenter: 'us',
        entries: 2,
        error: { code: 'UPSTREAM_UNAVAILABLE', status: 503 },
        retry: 0,
      }),
      expect.objectContaining({ level: 30, msg: 'cronofy batch call', dataCenter: 'us', entries: 2, statuses: [202, 202], retry: 1 }),
    ]);
    for (const call of calls) expect(call.durationMs).toEqual(expect.any(Number));
  });

  it('logs a first attempt whose every entry succeeded at debug, one with an entry Cronofy refused at info', async () => {
    const before = batchCalls().length;
    await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables, { token: USER_TOKEN });
    stack.simulator.injectFaults({ kind: 'entries', statuses: { 1: 404 } });
    await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables, { token: USER_TOKEN });
    expect(batchCalls().slice(before)).toEqual([
      expect.objectContaining({ level: 20, msg: 'cronofy batch call', entries: 2, statuses: [202, 202], retry: 0 }),
      expect.objectContaining({ level: 30, msg: 'cronofy batch call', entries: 2, statuses: [202, 404], retry: 0 }),
    ]);
  });

  it('never carries an access token, refresh token or client secret, nor does /metrics', async () => {
    // A caller's own token; a token Cronofy refuses; a malformed header; the server's own
    // credentials, refreshed after Cronofy forgot the access token.
    await stack.graphql(upsertOperation(1).query, upsertOperation(1).variables, { token: USER_TOKEN });
    await stack.graphql(upsertOperation(1).query, upsertOperation(1).variables, { token: WRONG_TOKEN });
    await stack.graphql(upsertOperation(1).query, upsertOperation(1).variables, {
      token: null,
      headers: { authorization: `Token ${USER_TOKEN}` },
    });
    const serverAccount = stack.simulator.account(SERVER_TOKEN);
    stack.simulator.expireAccessToken(SERVER_TOKEN);
    const refreshed = await stack.graphql(upsertOperation(1).query, upsertOperation(1).variables, { token: null });
    expect(refreshed.body.errors).toBeUndefined();
    const freshToken = serverAccount.accessToken;
    expect(freshToken).not.toBe(SERVER_TOKEN);
    const metrics = await (await request(stack.server.url.replace('/graphql', '/metrics'))).body.text();

    // The flow did log: a 401 for the wrong token and the refreshed call.
    expect(batchCalls()).toContainEqual(expect.objectContaining({ error: { code: 'UNAUTHENTICATED', status: 401 } }));
    expect(lines.length).toBeGreaterThan(batchCalls().length);
    const secrets = [
      USER_TOKEN,
      WRONG_TOKEN,
      CLIENT.clientSecret,
      REFRESH_TOKEN,
      SERVER_TOKEN,
      freshToken,
      ...stack.simulator.refreshTokens,
    ];
    for (const secret of secrets) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
      expect(metrics).not.toContain(secret);
    }
  });
});
