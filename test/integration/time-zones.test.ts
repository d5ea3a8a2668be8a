import { describe, expect, it } from 'vitest';
import { CronofyClient } from '../../src/cronofy/client.js';
import { LINK_NAMES, ZONE_NAMES } from '../../src/entries/time-zone-names.js';
import { canonicalZone } from '../../src/entries/time-zones.js';
import { ALICE, answerOf, eventInput, useStack } from '../support/stack.js';

const stack = useStack();

const UPSERT = `mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { ${answerOf('UpsertEventSuccess')} } }`;

describe('time zones go upstream as the tz database spells them', () => {
  it.each([
    ['Europe/London', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['EUROPE/LONDON', 'Europe/London'],
    ['GB', 'Europe/London'],
    ['US/Eastern', 'America/New_York'],
    // Node.js 20, 22 and 24 resolve these the other way round (ICU's names, not IANA's).
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['UTC', 'Etc/UTC'],
    ['utc', 'Etc/UTC'],
    ['Etc/UTC', 'Etc/UTC'],
    ['Zulu', 'Etc/UTC'],
    ['EST', 'EST'],
    ['Europe/Oslo', 'Europe/Oslo'],
    ['America/Argentina/ComodRivadavia', 'America/Argentina/Catamarca'],
  ])('%s → %s', async (given, canonical) => {
    expect(canonicalZone(given)).toBe(canonical);
    const { body } = await stack.graphql(UPSERT, { e: { ...eventInput(1), startTzid: given, endTzid: given, tzid: given } });
    expect(body.data!.upsertEvent.__typename).toBe('UpsertEventSuccess');
    expect(sentData(0)).toMatchObject({
      start: { time: '2026-12-07T09:00:00Z', tzid: canonical },
      end: { time: '2026-12-07T10:00:00Z', tzid: canonical },
      tzid: canonical,
    });
  });

  it.each([
    // Node.js 22 and 24 take an offset as a time zone; Cronofy takes zone names.
    ['+01:00'],
    ['-05:00'],
    ['Mars/Olympus'],
    ['Factory'],
    ['Europe/London '],
    [''],
    ['E'.repeat(65)],
  ])('refuses %j on the field it was given, sending nothing', async (given) => {
    expect(canonicalZone(given)).toBeUndefined();
    const { body } = await stack.graphql(UPSERT, { e: { ...eventInput(1), endTzid: given } });
    expect(body.data!.upsertEvent.fieldErrors).toEqual([
      { field: 'endTzid', key: 'errors.invalid', description: expect.stringContaining('is not an IANA time zone such as "Europe/London"') },
    ]);
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('available periods send their zones canonical too', async () => {
    const { body } = await stack.graphql(
      `mutation { upsertAvailablePeriod(input: { availablePeriodId: "p1", start: "2026-12-08T13:00:00Z", end: "2026-12-08T17:00:00Z", startTzid: "asia/calcutta" }) { __typename } }`,
    );
    expect(body.data!.upsertAvailablePeriod.__typename).toBe('UpsertAvailablePeriodSuccess');
    expect(sentData(0).start).toEqual({ time: '2026-12-08T13:00:00Z', tzid: 'Asia/Kolkata' });
  });

  it('Cronofy (the simulator, as tzinfo does) refuses a zone in the wrong letter case, which is why it is corrected', async () => {
    const client = new CronofyClient({ baseUrl: stack.simulator.url, timeoutMs: 5_000 });
    try {
      const data = {
        event_id: 'raw',
        summary: 's',
        start: { time: '2026-12-07T09:00:00Z', tzid: 'europe/london' },
        end: '2026-12-07T10:00:00Z',
      };
      const [result] = await client.send('us', ALICE, [{ method: 'POST', relative_url: '/v1/calendars/cal_1/events', data }]);
      expect(result).toEqual({
        status: 422,
        data: { errors: { start: [{ key: 'errors.invalid', description: 'start.tzid must be a known time zone' }] } },
      });
    } finally {
      await client.close();
    }
  });

  it('every name of the table is one this Node.js knows, so the table never names a zone the runtime cannot show', () => {
    const names = [...ZONE_NAMES.split(/\s+/), ...LINK_NAMES.split(/\s+/).flatMap((link) => link.split('='))].filter(Boolean);
    expect(names.length).toBeGreaterThan(700);
    const unknown = names.filter((name) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: name });
        return false;
      } catch {
        return true;
      }
    });
    expect(unknown).toEqual([]);
    for (const name of names) expect(canonicalZone(name)).toBeDefined();
  });
});

/** The body of the first entry of the `call`-th recorded call. */
function sentData(call: number): Record<string, any> {
  return (stack.simulator.calls[call]!.entries[0] as { data: Record<string, any> }).data;
}
