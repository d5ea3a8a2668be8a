import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { ApplicationRateLimits } from '../src/simulator/rate-limits.js';
import { ALICE, useStack } from './support/stack.js';

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
