import { describe, expect, it } from 'vitest';
import { type Caller, type Credential, bearerToken } from '../../../src/cronofy/credentials.js';
import { RefusedTokens } from '../../../src/resilience/refused-tokens.js';
import { failureMessage } from '../../../src/schema/errors.js';

/** The memory behind "a refused token ends its queue", with a clock the test moves. */
function memory(options: { ttlMs?: number; maxCallers?: number } = {}) {
  const clock = { now: 1_000_000 };
  const refused = new RefusedTokens({ ttlMs: options.ttlMs ?? 1_000, maxCallers: options.maxCallers ?? 100, now: () => clock.now });
  return { refused, clock };
}

const caller = (token: string, dataCenter: Caller['dataCenter'] = 'us'): Caller => ({ dataCenter, credential: bearerToken(token) });

/** Stands in for server-held credentials: one id, a token that changes when refreshed. */
function serverHeld(token: string) {
  const state = { token, asked: 0 };
  const credential: Credential = {
    id: 'server-held',
    accessToken: async () => (state.asked++, state.token),
    refresh: async () => state.token,
  };
  return { state, caller: { dataCenter: 'us', credential } satisfies Caller };
}

describe('RefusedTokens', () => {
  it("refuses a caller's refused token until the time is up, then forgets it", async () => {
    const { refused, clock } = memory({ ttlMs: 1_000 });
    refused.refuse(caller('dead'), 'dead', { refreshed: false });

    const error = await refused.refusalOf(caller('dead'), { mayHaveApplied: false });
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', mayHaveApplied: false, status: undefined, retryAfterMs: undefined });
    expect(failureMessage(error!)).toBe(
      'Cronofy refused this access token (401) for an earlier write, so this write was not sent and nothing of it was applied. Send it again with a fresh access token.',
    );

    clock.now += 999;
    expect(await refused.refusalOf(caller('dead'), { mayHaveApplied: false })).toBeDefined();
    clock.now += 1;
    expect(await refused.refusalOf(caller('dead'), { mayHaveApplied: false })).toBeUndefined();
    expect(refused.size).toBe(0);
  });

  it('refuses nobody else: another token, the same token in another data center', async () => {
    const { refused } = memory();
    refused.refuse(caller('dead'), 'dead', { refreshed: false });
    expect(await refused.refusalOf(caller('alive'), { mayHaveApplied: false })).toBeUndefined();
    expect(await refused.refusalOf(caller('dead', 'uk'), { mayHaveApplied: false })).toBeUndefined();
  });

  it('says when an earlier attempt of the call may have been applied', async () => {
    const { refused } = memory();
    refused.refuse(caller('dead'), 'dead', { refreshed: false });
    const error = await refused.refusalOf(caller('dead'), { mayHaveApplied: true });
    expect(error!.mayHaveApplied).toBe(true);
    expect(failureMessage(error!)).toContain('so this retry was not sent, but an earlier attempt of this call may have been applied.');
    expect(failureMessage(error!)).not.toContain('nothing of it was applied');
  });

  it('refuses server-held credentials only while they would send the refused token, and says when they try again', async () => {
    const { refused, clock } = memory({ ttlMs: 60_000 });
    const held = serverHeld('server-2');
    expect(await refused.refusalOf(held.caller, { mayHaveApplied: false })).toBeUndefined();
    // Nothing held for this caller: the credential is not asked (it could start a refresh).
    expect(held.state.asked).toBe(0);

    refused.refuse(held.caller, 'server-2', { refreshed: true });
    clock.now += 15_500;
    const error = await refused.refusalOf(held.caller, { mayHaveApplied: false });
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', retryAfterMs: 45_000 });
    expect(failureMessage(error!)).toContain(
      "Cronofy refused the server's access token (401) for an earlier write, even right after refreshing it",
    );
    expect(failureMessage(error!)).toContain('for 45 s more, then the server refreshes again');

    // Refreshed since (by a call that was on the wire): the new token goes.
    held.state.token = 'server-3';
    expect(await refused.refusalOf(held.caller, { mayHaveApplied: false })).toBeUndefined();
  });

  it('holds at most maxCallers, forgetting the oldest refusal first; a renewed refusal counts as new', async () => {
    const { refused, clock } = memory({ maxCallers: 3 });
    for (const token of ['a', 'b', 'c']) refused.refuse(caller(token), token, { refreshed: false });
    clock.now += 10;
    refused.refuse(caller('a'), 'a', { refreshed: false });
    refused.refuse(caller('d'), 'd', { refreshed: false });
    expect(refused.size).toBe(3);
    const still = await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (t) => (await refused.refusalOf(caller(t), { mayHaveApplied: false })) !== undefined),
    );
    expect(still).toEqual([true, false, true, true]);
  });

  it('drops expired refusals when a new one is recorded', () => {
    const { refused, clock } = memory({ ttlMs: 1_000 });
    for (const token of ['a', 'b', 'c']) refused.refuse(caller(token), token, { refreshed: false });
    clock.now += 1_000;
    refused.refuse(caller('d'), 'd', { refreshed: false });
    expect(refused.size).toBe(1);
  });

  it('refuses a configuration that would hold nothing or forever', () => {
    expect(() => new RefusedTokens({ ttlMs: 0, maxCallers: 10 })).toThrow(RangeError);
    expect(() => new RefusedTokens({ ttlMs: Infinity, maxCallers: 10 })).toThrow(RangeError);
    expect(() => new RefusedTokens({ ttlMs: 1_000, maxCallers: 0 })).toThrow(RangeError);
  });
});
