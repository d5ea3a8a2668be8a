import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CronofySimulator } from '../../../src/simulator/index.js';

/** The simulator is the stand-in for Cronofy in every other test, so its documented behaviour is tested over HTTP too. */
let simulator: CronofySimulator;
beforeAll(async () => {
  simulator = await CronofySimulator.start({
    accounts: [
      { accessToken: 'tok', calendarIds: ['cal_1'] },
      { accessToken: 'starter', plan: 'starter', elevated: false, externalEventUids: ['evt_x'] },
    ],
  });
});
afterAll(() => simulator.close());

async function batch(body: unknown, token: string | null = 'tok') {
  const response = await request(`${simulator.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.statusCode, body: (await response.body.json()) as any };
}

const event = (data: Record<string, unknown>) => ({ method: 'POST', relative_url: '/v1/calendars/cal_1/events', data });
const valid = { event_id: 'e1', summary: 'Hi', start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' };

describe('the simulated POST /v1/batch', () => {
  it('401 for a missing or unknown token', async () => {
    expect((await batch({ batch: [] }, null)).status).toBe(401);
    expect((await batch({ batch: [] }, 'who')).status).toBe(401);
  });

  it('422 for more than 50 entries, or no batch wrapper', async () => {
    const tooMany = await batch({ batch: Array.from({ length: 51 }, () => event(valid)) });
    expect(tooMany).toEqual({
      status: 422,
      body: { errors: { batch: [{ key: 'errors.too_long', description: 'batch must contain at most 50 requests' }] } },
    });
    expect((await batch([event(valid)])).status).toBe(422);
  });

  it("answers 207 with one result per entry, in Cronofy's shapes", async () => {
    const { status, body } = await batch({
      batch: [
        event(valid),
        event({ ...valid, summary: undefined }),
        event({ ...valid, start: '2026-12-07T09:00:00.5Z', description: 'x'.repeat(4097) }),
        { method: 'POST', relative_url: '/v1/calendars/cal_nope/events', data: valid },
        { method: 'GET', relative_url: '/v1/calendars', data: {} },
        event('{"event_id":"e1"}' as unknown as Record<string, unknown>),
      ],
    });
    expect(status).toBe(207);
    expect(body.batch).toEqual([
      { status: 202 },
      { status: 422, data: { errors: { summary: [{ key: 'errors.required', description: 'summary must be specified' }] } } },
      {
        status: 422,
        data: {
          errors: {
            description: [{ key: 'errors.too_long', description: 'description must be at most 4096 characters' }],
            start: [{ key: 'errors.invalid', description: 'start must be a Time or Date in ISO 8601 UTC format' }],
          },
        },
      },
      { status: 404 },
      { status: 404 },
      {
        status: 422,
        data: { errors: { data: [{ key: 'errors.invalid', description: 'data must be an object, not a JSON-encoded string' }] } },
      },
    ]);
    expect(simulator.account('tok').calendars.get('cal_1')!.events.get('e1')).toMatchObject({ summary: 'Hi' });
  });

  it('402 for available periods below the Emerging plan, 403 for external events without elevated access', async () => {
    const { body } = await batch(
      {
        batch: [
          {
            method: 'POST',
            relative_url: '/v1/available_periods',
            data: { available_period_id: 'a', start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' },
          },
          { method: 'DELETE', relative_url: '/v1/calendars/cal_primary/events', data: { event_uid: 'evt_x' } },
        ],
      },
      'starter',
    );
    expect(body.batch).toEqual([{ status: 402 }, { status: 403 }]);
  });

  it('checks available period ids and times', async () => {
    const { body } = await batch({
      batch: [
        {
          method: 'POST',
          relative_url: '/v1/available_periods',
          data: { available_period_id: 'á', start: '2026-12-07', end: '2026-12-07T10:00:00Z' },
        },
        { method: 'DELETE', relative_url: '/v1/available_periods', data: { available_period_id: 'x'.repeat(65) } },
      ],
    });
    expect(body.batch[0].data.errors).toEqual({
      available_period_id: [{ key: 'errors.invalid', description: 'available_period_id must be ASCII' }],
      start: [{ key: 'errors.invalid', description: 'start must be a Time in ISO 8601 UTC format' }],
    });
    expect(body.batch[1].data.errors.available_period_id[0].key).toBe('errors.too_long');
  });

  it("refuses days that do not exist and ends before starts, in Cronofy's 422 shape, and keeps nothing of them", async () => {
    const period = (data: Record<string, unknown>) => ({ method: 'POST', relative_url: '/v1/available_periods', data });
    const invalid = (field: string, description: string) => ({
      status: 422,
      data: { errors: { [field]: [{ key: 'errors.invalid', description }] } },
    });
    const eventTime = 'start must be a Time or Date in ISO 8601 UTC format';
    const periodTime = (field: string) => `${field} must be a Time in ISO 8601 UTC format`;
    const { body } = await batch({
      batch: [
        event({ ...valid, event_id: 'feb30', start: '2014-02-30T10:00:00Z', end: '2014-03-01T10:00:00Z' }),
        event({ ...valid, event_id: 'feb30-all-day', start: '2014-02-30', end: '2014-03-02' }),
        event({ ...valid, event_id: 'hour-24', start: { time: '2014-08-05T24:00:00Z', tzid: 'Europe/London' } }),
        event({ ...valid, event_id: 'backwards', start: '2026-12-07T10:00:00Z', end: '2026-12-07T09:59:59Z' }),
        event({ ...valid, event_id: 'no-days', start: '2026-12-07', end: '2026-12-07' }),
        event({ ...valid, event_id: 'backwards-days', start: '2026-12-07', end: { time: '2026-12-06', tzid: 'Europe/London' } }),
        period({ available_period_id: 'feb29', start: '2014-02-29T10:00:00Z', end: '2014-03-01T10:00:00Z' }),
        period({ available_period_id: 'month-13', start: '2026-12-07T10:00:00Z', end: '2026-13-01T10:00:00Z' }),
        period({ available_period_id: 'backwards', start: '2026-12-07T10:00:00Z', end: '2026-12-07T09:00:00Z' }),
        event({ ...valid, event_id: 'leap-day', start: '2016-02-29', end: '2016-03-01' }),
        event({ ...valid, event_id: 'instant', start: '2026-12-07T10:00:00Z', end: '2026-12-07T10:00:00Z' }),
        period({ available_period_id: 'instant', start: '2026-12-07T10:00:00Z', end: '2026-12-07T10:00:00Z' }),
      ],
    });
    expect(body.batch).toEqual([
      invalid('start', eventTime),
      invalid('start', eventTime),
      invalid('start', eventTime),
      invalid('end', 'end must not be before start'),
      invalid('end', 'end must be after start'),
      invalid('end', 'end must be after start'),
      invalid('start', periodTime('start')),
      invalid('end', periodTime('end')),
      invalid('end', 'end must not be before start'),
      { status: 202 },
      { status: 202 },
      { status: 202 },
    ]);
    expect([...simulator.account('tok').calendars.get('cal_1')!.events.keys()].filter((id) => id !== 'e1')).toEqual([
      'leap-day',
      'instant',
    ]);
    expect([...simulator.account('tok').availablePeriods.keys()]).toEqual(['instant']);
  });

  it('deletes every available period for {"delete_all": true}, and refuses any other delete_all', async () => {
    const period = (id: string) => ({
      method: 'POST',
      relative_url: '/v1/available_periods',
      data: { available_period_id: id, start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' },
    });
    const deleteAll = (value: unknown) => ({ method: 'DELETE', relative_url: '/v1/available_periods', data: { delete_all: value } });
    await batch({ batch: [period('x'), period('y')] });
    const { body } = await batch({ batch: [deleteAll(false), deleteAll('true')] });
    const refusal = { status: 422, data: { errors: { delete_all: [{ key: 'errors.invalid', description: 'delete_all must be true' }] } } };
    expect(body.batch).toEqual([refusal, refusal]);
    expect(simulator.account('tok').availablePeriods.size).toBeGreaterThanOrEqual(2);
    expect((await batch({ batch: [deleteAll(true)] })).body.batch).toEqual([{ status: 202 }]);
    expect(simulator.account('tok').availablePeriods.size).toBe(0);
    expect((await batch({ batch: [deleteAll(true)] }, 'starter')).body.batch).toEqual([{ status: 402 }]);
  });
});

describe('acceptTokenPrefix', () => {
  it('gives a token with the prefix an account on first use and still refuses others', async () => {
    const simulator = await CronofySimulator.start({ acceptTokenPrefix: 'bench-' });
    try {
      const post = async (token: string) => {
        const response = await request(`${simulator.url}/v1/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ batch: [{ method: 'DELETE', relative_url: '/v1/calendars/cal_1/events', data: { event_id: 'e' } }] }),
        });
        return { status: response.statusCode, body: (await response.body.json()) as any };
      };
      expect(await post('bench-caller-7')).toEqual({ status: 207, body: { batch: [{ status: 202 }] } });
      expect(simulator.account('bench-caller-7').calendars.has('cal_1')).toBe(true);
      expect((await post('someone-else')).status).toBe(401);
    } finally {
      await simulator.close();
    }
  });
});

describe('accessTokenTtlMs', () => {
  it('lets a refreshed access token work for that long and says so in expires_in; a used refresh token is refused and counted', async () => {
    const sim = await CronofySimulator.start({
      accounts: [{ accessToken: 'seed', calendarIds: ['cal_1'] }],
      oauthClients: [{ clientId: 'app', clientSecret: 'secret', refreshTokens: [{ refreshToken: 'r0', accessToken: 'seed' }] }],
      accessTokenTtlMs: 1000,
    });
    try {
      const post = async (path: string, body: unknown, token?: string) => {
        const response = await request(`${sim.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
        return { status: response.statusCode, body: (await response.body.json()) as any };
      };
      const grant = (refreshToken: string) =>
        post('/oauth/token', { grant_type: 'refresh_token', client_id: 'app', client_secret: 'secret', refresh_token: refreshToken });

      const first = await grant('r0');
      expect(first.status).toBe(200);
      expect(first.body.expires_in).toBe(1);
      expect((await post('/v1/batch', { batch: [] }, first.body.access_token)).status).toBe(207);
      expect(sim.refreshTimes).toHaveLength(1);

      expect((await grant('r0')).body).toEqual({ error: 'invalid_grant' });
      expect(sim.invalidGrants).toBe(1);

      await new Promise((resolve) => setTimeout(resolve, 1050));
      expect((await post('/v1/batch', { batch: [] }, first.body.access_token)).status).toBe(401);
      const second = await grant(first.body.refresh_token);
      expect((await post('/v1/batch', { batch: [] }, second.body.access_token)).status).toBe(207);
      expect(sim.refreshTimes).toHaveLength(2);
      expect(sim.refreshTimes[1]! - sim.refreshTimes[0]!).toBeGreaterThanOrEqual(1000);
    } finally {
      await sim.close();
    }
  });
});
