import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CronofyClient } from '../../../src/cronofy/client.js';
import { REFUSED_GRANT_PAUSE_MS, ServerCredentials } from '../../../src/cronofy/credentials.js';
import { UpstreamError } from '../../../src/cronofy/errors.js';
import { CronofySimulator } from '../../../src/simulator/index.js';

const CLIENT = { clientId: 'app-id', clientSecret: 'app-secret-value' };

let simulator: CronofySimulator;
let client: CronofyClient;
let grants = 0;

/** A fresh account and refresh token in the simulator for each test, so tests do not share a rotation. */
function account(): { refreshToken: string; accessToken: string } {
  grants++;
  return { refreshToken: `refresh-${grants}`, accessToken: `access-${grants}` };
}

beforeAll(async () => {
  const seeds = Array.from({ length: 10 }, (_, index) => ({ refreshToken: `refresh-${index + 1}`, accessToken: `access-${index + 1}` }));
  simulator = await CronofySimulator.start({
    accounts: seeds.map(({ accessToken }) => ({ accessToken })),
    oauthClients: [{ ...CLIENT, refreshTokens: seeds }],
  });
  client = new CronofyClient({ baseUrl: simulator.url, timeoutMs: 2_000 });
});
afterAll(async () => {
  await client.close();
  await simulator.close();
});
afterEach(() => vi.restoreAllMocks());

describe('ServerCredentials', () => {
  it('uses the access token it was given, without asking Cronofy', async () => {
    const { refreshToken } = account();
    const before = simulator.tokenRequests;
    const server = new ServerCredentials({ ...CLIENT, refreshToken }, client, 'given-token');
    expect(await server.accessToken()).toBe('given-token');
    expect(simulator.tokenRequests).toBe(before);
  });

  it('refreshes first when it was given no access token, and the token it gets works', async () => {
    const { refreshToken } = account();
    const server = new ServerCredentials({ ...CLIENT, refreshToken }, client);
    const token = await server.accessToken();
    expect(simulator.account(token)).toBeDefined();
    expect(
      await client.send('us', token, [{ method: 'DELETE', relative_url: '/v1/calendars/cal_primary/events', data: { event_id: 'e' } }]),
    ).toHaveLength(1);
  });

  it('refreshes once however many calls got a 401 with the same token, and keeps the rotated refresh token', async () => {
    const { refreshToken, accessToken } = account();
    const server = new ServerCredentials({ ...CLIENT, refreshToken }, client, accessToken);
    const before = simulator.tokenRequests;
    const tokens = await Promise.all([server.refresh(accessToken), server.refresh(accessToken), server.refresh(accessToken)]);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(accessToken);
    expect(simulator.tokenRequests).toBe(before + 1);

    // A call that got its 401 with the old token after the refresh takes the new one: no second refresh.
    expect(await server.refresh(accessToken)).toBe(tokens[0]);
    expect(simulator.tokenRequests).toBe(before + 1);

    // A 401 for the new token refreshes with the rotated refresh token, which Cronofy accepts.
    const next = await server.refresh(tokens[0]!);
    expect(next).not.toBe(tokens[0]);
    expect(simulator.tokenRequests).toBe(before + 2);
    expect(simulator.invalidGrants).toBe(0);
  });

  it('after invalid_grant, fails at once without asking Cronofy until the pause is over, then tries once more', async () => {
    const server = new ServerCredentials({ ...CLIENT, refreshToken: 'unknown-refresh-token' }, client);
    const refused = await server.accessToken().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED', status: 400 });
    expect((refused as Error).message).toContain("refused the server's refresh token (invalid_grant)");
    expect((refused as Error).message).not.toContain('unknown-refresh-token');

    const before = simulator.tokenRequests;
    await expect(server.accessToken()).rejects.toBe(refused);
    await expect(server.refresh('any')).rejects.toBe(refused);
    expect(simulator.tokenRequests).toBe(before);

    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + REFUSED_GRANT_PAUSE_MS);
    await expect(server.accessToken()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(simulator.tokenRequests).toBe(before + 1);
  });

  it('after a refresh that could not reach Cronofy, the next call tries again', async () => {
    const { refreshToken } = account();
    const unreachable = new CronofyClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 500 });
    const refresher = { refreshToken: vi.fn((grant: Parameters<CronofyClient['refreshToken']>[0]) => unreachable.refreshToken(grant)) };
    const server = new ServerCredentials({ ...CLIENT, refreshToken }, refresher);
    await expect(server.accessToken()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    refresher.refreshToken.mockImplementation((grant) => client.refreshToken(grant));
    expect(simulator.account(await server.accessToken())).toBeDefined();
    expect(refresher.refreshToken).toHaveBeenCalledTimes(2);
    await unreachable.close();
  });
});
