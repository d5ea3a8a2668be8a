import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../src/observability/start-tracing.js';
import { ALICE, eventInput, type Stack, startStack, upsertOperation } from '../support/stack.js';

/**
 * Traces as a collector would receive them: the real server over real HTTP, with the SDK that
 * `startTracing` registers, exporting to memory instead of OTLP.
 */
const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let stack: Stack;

beforeAll(async () => {
  tracing = await startTracing({}, { exporter });
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
  await tracing?.shutdown();
});
beforeEach(() => {
  exporter.reset();
  stack.simulator.calls.length = 0;
});

/** A W3C `traceparent` as a router sends it to a subgraph: a sampled trace and the router's own span. */
function routerTraceparent() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

async function spans(): Promise<ReadableSpan[]> {
  await tracing!.flush();
  return exporter.getFinishedSpans();
}

const operationSpans = (all: ReadableSpan[]) => all.filter((span) => span.attributes['graphql.operation.type'] !== undefined);
const callSpans = (all: ReadableSpan[]) => all.filter((span) => span.name === 'cronofy.batch');
const writeSpans = (all: ReadableSpan[]) => all.filter((span) => span.attributes['cronofy.write.kind'] !== undefined);

describe('traces', () => {
  it('gives a 60-field operation under a router traceparent one operation span with that parent and two call spans, of 50 and 10 entries', async () => {
    const router = routerTraceparent();
    const { query, variables } = upsertOperation(60);
    const response = await stack.graphql(query, variables, { headers: { traceparent: router.header } });
    expect(response.body.errors).toBeUndefined();
    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([50, 10]);

    const all = await spans();
    const [operation, ...others] = operationSpans(all);
    expect(others).toEqual([]);
    expect(operation!.name).toBe('mutation Many');
    expect(operation!.attributes['graphql.operation.name']).toBe('Many');
    expect(operation!.spanContext().traceId).toBe(router.traceId);
    expect(operation!.parentSpanContext?.spanId).toBe(router.spanId);
    expect(operation!.parentSpanContext?.isRemote).toBe(true);

    // One span per field, children of the operation, each ending with its entry's status.
    const writes = writeSpans(all);
    expect(writes).toHaveLength(60);
    for (const write of writes) {
      expect(write.parentSpanContext?.spanId).toBe(operation!.spanContext().spanId);
      expect(write.attributes['cronofy.entry.status']).toBe(202);
    }

    const calls = callSpans(all).sort(
      (a, b) => Number(b.attributes['cronofy.batch.entries']) - Number(a.attributes['cronofy.batch.entries']),
    );
    expect(calls.map((call) => call.attributes['cronofy.batch.entries'])).toEqual([50, 10]);
    const writeIds = new Set(writes.map((write) => write.spanContext().spanId));
    const linked = new Set<string>();
    for (const call of calls) {
      expect(call.spanContext().traceId).toBe(router.traceId);
      expect(call.parentSpanContext?.spanId).toBe(operation!.spanContext().spanId);
      expect(call.attributes).toMatchObject({
        'cronofy.data_center': 'us',
        'server.address': 'api.cronofy.com',
        'cronofy.batch.attempts': 1,
        'cronofy.batch.statuses': [202],
      });
      expect(call.attributes['cronofy.entry.statuses']).toEqual(Array(call.attributes['cronofy.batch.entries']).fill(202));
      // Linked to every field it carries, and to nothing else.
      expect(call.links).toHaveLength(Number(call.attributes['cronofy.batch.entries']));
      for (const link of call.links) {
        expect(writeIds.has(link.context.spanId)).toBe(true);
        linked.add(link.context.spanId);
      }
      expect(call.events.map((event) => event.name)).toEqual(['cronofy.attempt']);
    }
    expect(linked.size).toBe(60);
  });

  it('gives each operation of an HTTP batch its own span, and links their shared call to the fields of both', async () => {
    const router = routerTraceparent();
    const operation = (name: string, n: number) => ({
      query: `mutation ${name}($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename } }`,
      variables: { e: eventInput(n) },
    });
    const response = await stack.post([operation('First', 1), operation('Second', 2)], {
      authorization: `Bearer ${ALICE}`,
      traceparent: router.header,
    });
    expect(response.status).toBe(200);
    expect(stack.simulator.calls.map((call) => call.entries.length)).toEqual([2]);

    const all = await spans();
    const operations = operationSpans(all);
    expect(operations.map((span) => span.name).sort()).toEqual(['mutation First', 'mutation Second']);
    for (const span of operations) expect(span.parentSpanContext?.spanId).toBe(router.spanId);
    const [call, ...others] = callSpans(all);
    expect(others).toEqual([]);
    const writeParents = new Map(writeSpans(all).map((write) => [write.spanContext().spanId, write.parentSpanContext?.spanId]));
    const linkedOperations = call!.links.map((link) => writeParents.get(link.context.spanId));
    expect(linkedOperations.sort()).toEqual(operations.map((span) => span.spanContext().spanId).sort());
  });

  it('shows a retried call: two attempts, the 503 and the retry as events, both statuses', async () => {
    stack.simulator.injectFaults({ kind: 'status', status: 503 });
    const router = routerTraceparent();
    const response = await stack.graphql(
      'mutation One($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename } }',
      { e: eventInput(1) },
      { headers: { traceparent: router.header } },
    );
    expect(response.body.data?.upsertEvent.__typename).toBe('UpsertEventSuccess');
    expect(stack.simulator.calls).toHaveLength(2);

    const [call, ...others] = callSpans(await spans());
    expect(others).toEqual([]);
    expect(call!.spanContext().traceId).toBe(router.traceId);
    expect(call!.attributes).toMatchObject({
      'cronofy.batch.attempts': 2,
      'cronofy.batch.statuses': [202, 503],
      'cronofy.entry.statuses': [202],
    });
    const events = call!.events.map((event) => ({ name: event.name, ...event.attributes }));
    expect(events).toEqual([
      expect.objectContaining({
        name: 'cronofy.attempt',
        'cronofy.retry': 0,
        'http.response.status_code': 503,
        'error.type': 'UPSTREAM_UNAVAILABLE',
      }),
      expect.objectContaining({ name: 'cronofy.retry', 'cronofy.retry': 1, 'cronofy.retry.reason': '503', 'cronofy.batch.entries': 1 }),
      expect.objectContaining({ name: 'cronofy.attempt', 'cronofy.retry': 1, 'cronofy.entry.statuses': [202] }),
    ]);
  });

  it('shows a 429 pause with the wait Cronofy asked for', async () => {
    stack.simulator.injectFaults({ kind: 'status', status: 429, retryAfter: '0.2' });
    const response = await stack.graphql(
      'mutation { upsertEvent(input: { calendarId: "cal_1", eventId: "paused", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename } }',
    );
    expect(response.body.data?.upsertEvent.__typename).toBe('UpsertEventSuccess');
    const [call] = callSpans(await spans());
    const names = call!.events.map((event) => event.name);
    // The pause holds the data center's budget, so the retry then waits for a slot of it.
    expect(names).toEqual(['cronofy.attempt', 'cronofy.rate_limit.pause', 'cronofy.retry', 'cronofy.budget.wait', 'cronofy.attempt']);
    expect(call!.events[0]!.attributes).toMatchObject({ 'http.response.status_code': 429, 'error.type': 'RATE_LIMITED' });
    expect(call!.events[1]!.attributes).toMatchObject({ 'cronofy.wait_ms': 200, 'cronofy.rate_limit.source': 'retry-after' });
    expect(Number(call!.events[3]!.attributes?.['cronofy.wait_ms'])).toBeGreaterThan(0);
    expect(call!.attributes).toMatchObject({ 'cronofy.batch.attempts': 2, 'cronofy.batch.statuses': [202, 429] });
  });

  it('shows the wait for a slot of the call budget at the start of a call that had to wait for one', async () => {
    const paced = await startStack({ env: { CRONOFY_RATE_PER_SECOND: '2', CRONOFY_RATE_PER_MINUTE: '100' } });
    try {
      const write = (n: number) =>
        paced.graphql('mutation One($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename } }', { e: eventInput(n) });
      // Two slots a second, paced evenly: the second call waits about half a second for its own.
      await write(1);
      const second = await write(2);
      expect(second.body.data?.upsertEvent.__typename).toBe('UpsertEventSuccess');
    } finally {
      await paced.close();
    }
    const [first, second, ...others] = callSpans(await spans()).sort(
      (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
    );
    expect(others).toEqual([]);
    expect(first!.events.map((event) => event.name)).toEqual(['cronofy.attempt']);
    expect(second!.events.map((event) => event.name)).toEqual(['cronofy.budget.wait', 'cronofy.attempt']);
    expect(Number(second!.events[0]!.attributes?.['cronofy.wait_ms'])).toBeGreaterThan(100);
  });

  it('never puts a token, a calendar id or an event id in a span, whatever the document, the errors or the faults', async () => {
    // Ids as literals, ids in variables, a 422 and a 404 from Cronofy, a variable GraphQL refuses
    // (its error message quotes the value), a whole-call failure and a retried entry.
    stack.simulator.injectFaults({ kind: 'entries', statuses: { 0: 503 } });
    await stack.graphql(
      `mutation Leaky($e: UpsertEventInput!) {
        literal: upsertEvent(input: { calendarId: "cal_secret_literal", eventId: "evt-secret-literal", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename }
        variable: upsertEvent(input: $e) { __typename }
        missing: deleteEvent(input: { calendarId: "cal_not_there", eventId: "evt-secret-missing" }) { __typename ... on CronofyRequestError { status } }
        refused: upsertEvent(input: { calendarId: "cal_1", eventId: "evt-secret-refused", summary: "", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename }
      }`,
      { e: { ...eventInput(7), calendarId: 'cal_secret_variable', eventId: 'evt-secret-variable' } },
      { headers: { traceparent: routerTraceparent().header } },
    );
    await stack.graphql('mutation Coerced($e: UpsertEventInput!) { upsertEvent(input: $e) { __typename } }', {
      e: { calendarId: 'cal_secret_coerced', eventId: 'evt-secret-coerced', summary: 's', start: 'not a time', end: 'never' },
    });
    stack.simulator.injectFaults({ kind: 'status', status: 403 });
    await stack.graphql('mutation { deleteEvent(input: { calendarId: "cal_secret_403", eventId: "evt-secret-403" }) { __typename } }');

    const all = await spans();
    expect(operationSpans(all)).toHaveLength(3);
    expect(callSpans(all).length).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(
      all.map((span) => ({
        name: span.name,
        attributes: span.attributes,
        status: span.status,
        events: span.events.map((event) => [event.name, event.attributes]),
        links: span.links.map((link) => link.attributes ?? {}),
      })),
    );
    // The test would be worthless if the spans said nothing about these writes.
    expect(text).toContain('cronofy.entry.statuses');
    expect(text).toContain('FORBIDDEN');
    for (const secret of [ALICE, 'cal_secret', 'evt-secret', 'cal_1', 'cal_not_there', 'event-7']) expect(text).not.toContain(secret);
  });

  it('starts a trace of its own for a request without traceparent, and records nothing under an unsampled one', async () => {
    await stack.graphql(
      'mutation { upsertEvent(input: { calendarId: "cal_1", eventId: "root", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename } }',
    );
    const [root] = operationSpans(await spans());
    expect(root!.parentSpanContext).toBeUndefined();

    exporter.reset();
    const unsampled = routerTraceparent();
    await stack.graphql(
      'mutation { upsertEvent(input: { calendarId: "cal_1", eventId: "unsampled", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename } }',
      undefined,
      { headers: { traceparent: `00-${unsampled.traceId}-${unsampled.spanId}-00` } },
    );
    expect(stack.simulator.calls).toHaveLength(2);
    expect(await spans()).toEqual([]);
  });
});

describe('traces of trusted documents sent by id', () => {
  it('gives a trusted mutation sent by documentId its operation span: with tracing on, the trusted lane stays off', async () => {
    const { query, variables } = upsertOperation(3);
    const id = `sha256:${createHash('sha256').update(query).digest('hex')}`;
    const manifest = join(mkdtempSync(join(tmpdir(), 'traced-manifest-')), 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ [id]: query }));
    const trusted = await startStack({ env: { TRUSTED_DOCUMENTS: manifest } });
    try {
      const router = routerTraceparent();
      const response = await trusted.post({ documentId: id, variables }, { authorization: `Bearer ${ALICE}`, traceparent: router.header });
      expect(response.status).toBe(200);
      const all = await spans();
      const [operation, ...others] = operationSpans(all);
      expect(others).toEqual([]);
      expect(operation!.parentSpanContext?.spanId).toBe(router.spanId);
      expect(writeSpans(all)).toHaveLength(3);
      expect(callSpans(all).map((call) => call.attributes['cronofy.batch.entries'])).toEqual([3]);
    } finally {
      await trusted.close();
    }
  });
});
