import { describe, expect, it } from 'vitest';
import { ALICE, answerOf, useStack } from '../support/stack.js';

/** A token of Cronofy's UK data center: the simulator knows it there and nowhere else. */
const UK_TOKEN = 'uk-access-token';

const stack = useStack({
  accounts: [
    { accessToken: ALICE, calendarIds: ['cal_1'] },
    { accessToken: UK_TOKEN, dataCenter: 'uk', calendarIds: ['cal_uk'] },
  ],
});

const DELETES = `mutation {
  a: deleteEvent(input: { calendarId: "cal_uk", eventId: "a" }) { ${answerOf('DeleteEventSuccess')} }
  b: batch(requests: [{ deleteEvent: { calendarId: "cal_uk", eventId: "b" } }]) { __typename }
}`;

describe('the Cronofy-Data-Center header', () => {
  it('sends the writes to the data center it names, and wins over the service default', async () => {
    const withHeader = await stack.graphql(DELETES, {}, { token: UK_TOKEN, headers: { 'cronofy-data-center': 'uk' } });
    expect(withHeader.body.errors).toBeUndefined();
    expect(withHeader.body.data!.a.__typename).toBe('DeleteEventSuccess');
    expect(stack.simulator.calls.map((c) => c.dataCenter)).toEqual(['uk']);

    // Without it the writes go to the default (us), where a UK token is unknown.
    const without = await stack.graphql(DELETES, {}, { token: UK_TOKEN });
    expect(without.body.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('is what the dataCenter query answers, in any letter case', async () => {
    const { body } = await stack.graphql('{ dataCenter { id host } }', {}, { token: null, headers: { 'cronofy-data-center': 'SG' } });
    expect(body.data).toEqual({ dataCenter: { id: 'sg', host: 'api-sg.cronofy.com' } });
  });

  it.each(['eu', 'evil.example.com', 'https://127.0.0.1:1/', 'uk,de', ''])(
    'refuses %j on each mutation field, listing the six ids, and sends nothing',
    async (value) => {
      const { body } = await stack.graphql(DELETES, {}, { token: UK_TOKEN, headers: { 'cronofy-data-center': value } });
      expect(body.data).toEqual({ a: null, b: null });
      expect(body.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([
        [['a'], 'BAD_DATA_CENTER'],
        [['b'], 'BAD_DATA_CENTER'],
      ]);
      expect(body.errors![0]!.message).toContain('must be one of us, uk, de, au, ca, sg');
      if (value) expect(JSON.stringify(body)).not.toContain(value);
      expect(stack.simulator.calls).toHaveLength(0);
    },
  );

  it('keeps one token’s writes for two data centers in separate calls', async () => {
    const deletes = (prefix: string) =>
      `mutation { ${[1, 2, 3].map((n) => `${prefix}${n}: deleteEvent(input: { calendarId: "cal_uk", eventId: "${prefix}-${n}" }) { __typename }`).join(' ')} }`;
    const [uk, de] = await Promise.all([
      stack.graphql(deletes('uk'), {}, { token: UK_TOKEN, headers: { 'cronofy-data-center': 'uk' } }),
      stack.graphql(deletes('de'), {}, { token: UK_TOKEN, headers: { 'cronofy-data-center': 'de' } }),
    ]);
    // Had they shared a call, both would have gone to one data center and fared alike.
    expect(uk.body.data).toEqual({
      uk1: { __typename: 'DeleteEventSuccess' },
      uk2: { __typename: 'DeleteEventSuccess' },
      uk3: { __typename: 'DeleteEventSuccess' },
    });
    expect(de.body.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    for (const call of stack.simulator.calls) {
      expect(call.dataCenter).toBe('uk');
      expect(call.entries.map((e: any) => e.data.event_id)).toEqual(['uk-1', 'uk-2', 'uk-3']);
    }
  });
});
