import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATION } from '../../src/http/example-operation.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/** What a newcomer gets from `npm start` with no configuration: GraphiQL backed by the embedded simulator. */
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({}, { simulatorMode: true });
});

afterAll(() => server.stop());

describe('npm start with no configuration', () => {
  it('says it uses the embedded simulator', () => {
    expect(server.output()).toContain('Simulator mode: neither CRONOFY_API_URL nor CRONOFY_DATA_CENTER is set');
  });

  it('serves GraphiQL with the example operation', async () => {
    const response = await request(server.url, { headers: { accept: 'text/html' } });
    const page = await response.body.text();
    expect(response.statusCode).toBe(200);
    expect(page).toContain('<title>Cronofy batch GraphQL</title>');
    expect(page).toContain('mutation PlanTheWeek');
  });

  it('runs the example operation against the simulator without any token', async () => {
    const response = await request(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_OPERATION }),
    });
    expect(await response.body.json()).toEqual({
      data: {
        standup: { __typename: 'UpsertEventSuccess', eventId: 'standup-monday', status: 202 },
        review: { __typename: 'UpsertEventSuccess', eventId: 'review-friday', status: 202 },
        focus: { __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: 'focus-tuesday', status: 202 },
      },
    });
  });

  it('stops on SIGTERM', async () => {
    expect(await server.stop()).toBe(0);
  });
});
