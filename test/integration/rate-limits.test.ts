import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { ApplicationRateLimits } from '../../src/simulator/rate-limits.js';
import { ALICE, useStack } from '../support/stack.js';

describe("the simulator's limits per application, as Cronofy's", () => {
  const stack = useStack({
    rateLimits: { perSecond: 3, perMinute: 100 },
    // Waits long enough to outlast a one-second window, as they would against Cronofy.
    env: { CRONOFY_RETRY_BASE_MS: '400', CRONOFY_RETRY_MAX_MS: '1000', CRONOFY_MAX_RETRIES: '6' },
  });

  it('answer 429 past the limit, without Retry-After, and count nothing for it', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const response = await request(`${stack.simulator.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` },
        body: JSON.stringify({ batch: [] }),
      });
      answers.push({ status: response.statusCode, retryAfter: response.headers['retry-after'] });
      await response.body.dump();
    }
    expect(answers.map((a) => a.status)).toEqual([207, 207, 207, 429]);
    expect(answers[3]!.retryAfter).toBeUndefined();
    expect(stack.simulator.rateLimitedRequests).toBe(1);
  });

  it('are waited out by the service: six writes to one event, six calls in a row, all applied in order', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const fields = Array.from(
      { length: 6 },
      (_, i) =>
        `v${i}: upsertEvent(input: { calendarId: "cal_1", eventId: "same", summary: "Version ${i}", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename }`,
    );
    const { body } = await stack.graphql(`mutation { ${fields.join(' ')} }`);
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data!).map((field: any) => field.__typename)).toEqual(Array(6).fill('UpsertEventSuccess'));
    expect(stack.simulator.rateLimitedRequests).toBeGreaterThan(1);
    expect(stack.simulator.account(ALICE).calendars.get('cal_1')!.events.get('same')).toMatchObject({ summary: 'Version 5' });
  });
});

describe("one instance whose call budget is the application's (CRONOFY_RATE_PER_SECOND, CRONOFY_RATE_PER_MINUTE)", () => {
  const stack = useStack({
    rateLimits: { perSecond: 3, perMinute: 100 },
    env: { CRONOFY_RATE_PER_SECOND: '3', CRONOFY_RATE_PER_MINUTE: '100' },
  });

  it('paces its calls and never gets a 429: seven writes to one event, seven calls, three a second', async () => {
    const fields = Array.from(
      { length: 7 },
      (_, i) =>
        `v${i}: upsertEvent(input: { calendarId: "cal_1", eventId: "paced", summary: "Version ${i}", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename }`,
    );
    const { body } = await stack.graphql(`mutation { ${fields.join(' ')} }`);
    expect(body.errors).toBeUndefined();
    expect(stack.simulator.rateLimitedRequests).toBe(0);
    const arrivals = stack.simulator.calls.map((call) => call.receivedAt);
    expect(arrivals).toHaveLength(7);
    // The 4th call waits for the 1st to leave the second, the 7th for the 4th.
    expect(arrivals[3]! - arrivals[0]!).toBeGreaterThanOrEqual(1_000);
    expect(arrivals[6]! - arrivals[3]!).toBeGreaterThanOrEqual(1_000);
    expect(stack.simulator.account(ALICE).calendars.get('cal_1')!.events.get('paced')).toMatchObject({ summary: 'Version 6' });
  });

  it("keeps coalescing a caller's writes while its call waits for a slot: they go together in the call that gets it", async () => {
    const write = (n: number) =>
      stack.graphql(
        `mutation { w: upsertEvent(input: { calendarId: "cal_1", eventId: "waiting-${n}", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename } }`,
      );
    // Clear of the previous test's slots, then one call that takes the budget's next slot.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    stack.simulator.calls.length = 0;
    const first = write(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Five separate requests while the next slot is 367 ms away (1 100 ms / 3).
    const waiting = [1, 2, 3, 4, 5].map((n) => write(n));
    const answers = await Promise.all([first, ...waiting]);
    expect(answers.map(({ body }) => body.data?.w?.__typename)).toEqual(Array(6).fill('UpsertEventSuccess'));
    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([1, 5]);
  });

  it('answers RATE_LIMITED with retryAfter, unsent, a write that cannot get a slot within CRONOFY_SLOT_WAIT_MS', async () => {
    // Slots come 367 ms apart (1 100 ms / 3): within 800 ms, three callers of five get one.
    const { startStack } = await import('../support/stack.js');
    const own = await startStack({
      rateLimits: { perSecond: 3, perMinute: 100 },
      env: { CRONOFY_RATE_PER_SECOND: '3', CRONOFY_RATE_PER_MINUTE: '100', CRONOFY_SLOT_WAIT_MS: '800' },
    });
    try {
      const fields = Array.from(
        { length: 5 },
        (_, i) =>
          `v${i}: upsertEvent(input: { calendarId: "cal_1", eventId: "event-${i}", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename }`,
      );
      const answers = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((name) => {
          own.simulator.addAccount({ accessToken: `token-${name}`, calendarIds: ['cal_1'] });
          return own.graphql(`mutation { ${fields[0]} }`, undefined, { token: `token-${name}` });
        }),
      );
      const limited = answers.filter(({ body }) => body.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
      expect(limited).toHaveLength(2);
      for (const { body } of limited) {
        expect(body.errors![0]).toMatchObject({ path: ['v0'], extensions: { retryAfter: expect.any(Number) } });
        // The second's window (and its margin) has about a second to run: the caller is told to wait it out.
        expect(body.errors![0]!.extensions!.retryAfter).toBeGreaterThanOrEqual(1);
        expect(body.errors![0]!.extensions!.retryAfter).toBeLessThanOrEqual(2);
        expect(body.errors![0]!.message).toContain('it was not sent and nothing of it was applied');
      }
      expect(own.simulator.calls).toHaveLength(3);
      expect(own.simulator.rateLimitedRequests).toBe(0);
      // An operator sees them on /metrics.
      const metrics = await request(own.server.url.replace('/graphql', '/metrics'));
      expect(await metrics.body.text()).toContain('cronofy_writes_without_slot_total{data_center="us"} 2');
    } finally {
      await own.close();
    }
  });
});

describe('ApplicationRateLimits', () => {
  it('counts the last second and the last minute, each on its own', () => {
    const limits = new ApplicationRateLimits({ perSecond: 2, perMinute: 3 });
    expect([0, 10, 20].map((t) => limits.admit(t))).toEqual([true, true, false]);
    expect(limits.admit(1_001)).toBe(true); // the second has passed: the third of the minute
    expect(limits.admit(2_500)).toBe(false); // the minute is full
    expect(limits.admit(60_001)).toBe(true); // the first two have left the minute
  });

  it('refuses limits that are not whole numbers of at least 1, naming the one', () => {
    expect(() => new ApplicationRateLimits({ perSecond: 0, perMinute: 500 })).toThrow(
      'ApplicationRateLimits: perSecond must be a whole number of at least 1; got 0.',
    );
  });
});
