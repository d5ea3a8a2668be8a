import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { ALICE, eventInput, startStack, upsertOperation, useStack } from '../support/stack.js';

/**
 * `GET /metrics` scraped as Prometheus would, after a known set of operations: the counters and
 * histograms say how many calls, entries, statuses, retries and coalesced operations there were.
 */
const stack = useStack();
let metrics = '';

beforeAll(async () => {
  // 1. One operation, three writes: one call.
  const planned = upsertOperation(3);
  await stack.graphql(`mutation PlanTheWeek${planned.query.slice('mutation Many'.length)}`, planned.variables);
  // 2. Two writes whose first request gets 503: two HTTP requests, one of them a retry, one call.
  stack.simulator.injectFaults({ kind: 'status', status: 503 });
  await stack.graphql(upsertOperation(2).query, upsertOperation(2).variables);
  // 3. An HTTP batch of two operations (two writes and one to an unknown calendar): one call of three.
  const mutation = `mutation($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename } }`;
  await stack.post([upsertOperation(2), { query: mutation, variables: { e: { ...eventInput(9), calendarId: 'cal_unknown' } } }], {
    authorization: `Bearer ${ALICE}`,
  });
  const response = await request(stack.server.url.replace('/graphql', '/metrics'));
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  metrics = await response.body.text();
});

/** The value of the sample written exactly as `series` (name and labels as prom-client prints them). */
function sample(series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('counts HTTP requests to Cronofy by outcome, and the retries among them', () => {
    expect(sample('cronofy_upstream_requests_total{data_center="us",outcome="answered"}')).toBe(3);
    expect(sample('cronofy_upstream_requests_total{data_center="us",outcome="UPSTREAM_UNAVAILABLE"}')).toBe(1);
    expect(sample('cronofy_upstream_retries_total{data_center="us"}')).toBe(1);
    expect(sample('cronofy_upstream_request_duration_seconds_count{data_center="us",outcome="answered"}')).toBe(3);
    expect(sample('cronofy_upstream_request_duration_seconds_count{data_center="us",outcome="UPSTREAM_UNAVAILABLE"}')).toBe(1);
  });

  it('counts entry statuses', () => {
    expect(sample('cronofy_upstream_entry_statuses_total{data_center="us",status="202"}')).toBe(7);
    expect(sample('cronofy_upstream_entry_statuses_total{data_center="us",status="404"}')).toBe(1);
  });

  it('has histograms of entries and of coalesced GraphQL operations per call', () => {
    expect(sample('cronofy_batch_call_entries_count{data_center="us"}')).toBe(3);
    expect(sample('cronofy_batch_call_entries_sum{data_center="us"}')).toBe(3 + 2 + 3);
    expect(sample('cronofy_batch_call_entries_bucket{le="2",data_center="us"}')).toBe(1);
    expect(sample('cronofy_batch_call_operations_count{data_center="us"}')).toBe(3);
    expect(sample('cronofy_batch_call_operations_sum{data_center="us"}')).toBe(1 + 1 + 2);
    expect(sample('cronofy_batch_call_operations_bucket{le="1",data_center="us"}')).toBe(2);
  });

  it("has Yoga's GraphQL metrics and the process' own", () => {
    expect(sample('graphql_envelop_request{operationType="mutation"}')).toBe(4);
    expect(sample('graphql_yoga_http_duration_count{method="POST",statusCode="200",operationType="mutation"}')).toBe(3);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('has no label a caller chooses: no token, id, alias or operation name', () => {
    for (const chosen of [ALICE, 'event-0', 'cal_unknown', 'f0', 'PlanTheWeek']) expect(metrics).not.toContain(chosen);
  });
});

const scrape = async (url: string) => {
  const response = await request(url);
  return { status: response.statusCode, text: await response.body.text() };
};
const ANSWERED = 'cronofy_upstream_requests_total{data_center="us",outcome="answered"} 1';
const write = (stack: { graphql: (query: string, variables?: Record<string, unknown>) => Promise<unknown> }) =>
  stack.graphql(upsertOperation(1).query, upsertOperation(1).variables);

describe('METRICS_PORT', () => {
  const stack = useStack({ env: { METRICS_PORT: '0' } });

  it('serves /metrics on a port of its own, and the API port answers 404 for it', async () => {
    await write(stack);
    expect(stack.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(stack.server.metricsUrl).not.toBe(stack.server.url.replace('/graphql', '/metrics'));
    const own = await scrape(stack.server.metricsUrl!);
    expect(own.status).toBe(200);
    expect(own.text).toContain(ANSWERED);

    const api = await scrape(stack.server.url.replace('/graphql', '/metrics'));
    expect(api.status).toBe(404);
    expect(api.text).not.toContain('cronofy_');
  });

  it('serves nothing else on the metrics port', async () => {
    for (const path of ['/graphql', '/health', '/metrics/x']) {
      expect((await scrape(stack.server.metricsUrl!.replace('/metrics', path))).status).toBe(404);
    }
  });

  it('closes the metrics port with the server', async () => {
    const own = await startStack({ env: { METRICS_PORT: '0' } });
    const url = own.server.metricsUrl!;
    expect((await scrape(url)).status).toBe(200);
    await own.close();
    await expect(request(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('NODE_ENV=production', () => {
  describe('without METRICS_PORT', () => {
    const stack = useStack({ env: { NODE_ENV: 'production' } });

    it('does not serve /metrics at all', async () => {
      await write(stack);
      expect(stack.server.metricsUrl).toBeUndefined();
      const api = await scrape(stack.server.url.replace('/graphql', '/metrics'));
      expect(api.status).toBe(404);
      expect(api.text).not.toContain('cronofy_');
    });
  });

  describe('with METRICS_PORT', () => {
    const stack = useStack({ env: { NODE_ENV: 'production', METRICS_PORT: '0' } });

    it('serves /metrics on that port only', async () => {
      await write(stack);
      expect((await scrape(stack.server.metricsUrl!)).text).toContain(ANSWERED);
      expect((await scrape(stack.server.url.replace('/graphql', '/metrics'))).status).toBe(404);
    });
  });

  describe('npm start', () => {
    let server: ServerProcess;
    beforeAll(async () => {
      const env = { NODE_ENV: 'production', CRONOFY_SIMULATOR: 'true', GRAPHIQL: 'true', LOG_LEVEL: 'info' };
      server = await startServerProcess(env, { simulatorMode: true });
    });
    afterAll(() => server?.stop());

    it('says at start that metrics are not served, and how to serve them', async () => {
      expect(server.output()).toContain(
        'Metrics are not served: NODE_ENV=production and METRICS_PORT is not set. Set METRICS_PORT to serve GET /metrics on a port of its own',
      );
      expect((await scrape(server.url.replace('/graphql', '/metrics'))).status).toBe(404);
    });
  });
});
