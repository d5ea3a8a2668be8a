import { describe, expect, it } from 'vitest';
import { ALICE, eventInput, useStack } from '../support/stack.js';

const stack = useStack();

const TWO_WRITES = `mutation($e: UpsertEventInput!) {
  a: upsertEvent(input: $e) { __typename }
  b: deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { __typename }
  c: batch(requests: [{ deleteAvailablePeriod: { availablePeriodId: "ap" } }]) { __typename }
}`;

describe('the caller’s access token', () => {
  it('is forwarded to Cronofy as it came', async () => {
    await stack.graphql(TWO_WRITES, { e: eventInput(1) });
    expect(stack.simulator.calls.map((c) => c.accessToken)).toEqual([ALICE]);
  });

  it('missing: every mutation field answers UNAUTHENTICATED and nothing is sent', async () => {
    const { status, body } = await stack.graphql(TWO_WRITES, { e: eventInput(1) }, { token: null });
    expect(status).toBe(200);
    expect(body.data).toEqual({ a: null, b: null, c: null });
    expect(body.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['a'], 'UNAUTHENTICATED'],
      [['b'], 'UNAUTHENTICATED'],
      [['c'], 'UNAUTHENTICATED'],
    ]);
    expect(body.errors![0]!.message).toBe('No access token: send the Cronofy access token as "Authorization: Bearer <token>".');
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('not a Bearer token: refused without echoing the header', async () => {
    const { body } = await stack.graphql(
      TWO_WRITES,
      { e: eventInput(1) },
      { token: null, headers: { authorization: 'Basic c2VjcmV0LXZhbHVl' } },
    );
    expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(body.errors![0]!.message).toContain('"Bearer <Cronofy access token>"');
    expect(JSON.stringify(body)).not.toContain('c2VjcmV0LXZhbHVl');
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('is not needed to query what the service offers', async () => {
    const { body } = await stack.graphql('{ batchLimit dataCenter { id host } dataCenters { id } }', {}, { token: null });
    expect(body).toEqual({
      data: {
        batchLimit: 50,
        dataCenter: { id: 'us', host: 'api.cronofy.com' },
        dataCenters: ['us', 'uk', 'de', 'au', 'ca', 'sg'].map((id) => ({ id })),
      },
    });
  });
});
