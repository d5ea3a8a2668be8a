import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { startTracing, tracingRequested } from '../../src/observability/start-tracing.js';
import { tracingIsOn } from '../../src/observability/tracing.js';
import { CronofySimulator } from '../../src/simulator/index.js';
import { startServerProcess } from '../support/server-process.js';
import { TEST_ENV } from '../support/stack.js';

/** What an OpenTelemetry collector's OTLP/HTTP receiver on loopback got. */
interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

let simulator: CronofySimulator;
let collector: Server;
let collectorUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  simulator = await CronofySimulator.start({ accounts: [{ accessToken: 'otlp-token', calendarIds: ['cal_otlp'] }] });
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), body: Buffer.concat(chunks) });
      res
        .writeHead(200, { 'content-type': String(req.headers['content-type']) })
        .end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => collector.close(resolve));
  await simulator.close();
});

async function writeOnce(url: string, traceparent: string): Promise<void> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer otlp-token', traceparent },
    body: JSON.stringify({
      query:
        'mutation Write { upsertEvent(input: { calendarId: "cal_otlp", eventId: "e1", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename } }',
    }),
  });
  expect(await response.body.json()).toEqual({ data: { upsertEvent: { __typename: 'UpsertEventSuccess' } } });
}

describe('switching tracing on with the standard OTEL_* variables', () => {
  it('asks for traces only when an OTLP endpoint or an exporter is named, and not when the SDK is disabled', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_SERVICE_NAME: 'calendar-writes' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('registers nothing without them: the API stays a no-op', async () => {
    expect(await startTracing({ OTEL_SERVICE_NAME: 'calendar-writes' })).toBeUndefined();
    expect(tracingIsOn()).toBe(false);
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
  });

  it('refuses an exporter or a protocol it does not have, saying which ones it has', async () => {
    await expect(startTracing({ OTEL_TRACES_EXPORTER: 'zipkin' })).rejects.toThrow(
      new ConfigError('OTEL_TRACES_EXPORTER: "zipkin" is not available here; use otlp, console or none.'),
    );
    await expect(
      startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).rejects.toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not available here; use http\/protobuf \(the default\)/);
    expect(tracingIsOn()).toBe(false);
  });

  it('exports the operation, its fields and its call as OTLP/HTTP protobuf to OTEL_EXPORTER_OTLP_ENDPOINT, under the router trace and OTEL_SERVICE_NAME', async () => {
    received.length = 0;
    const server = await startServerProcess({
      ...TEST_ENV,
      LOG_LEVEL: 'info',
      CRONOFY_API_URL: simulator.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
      OTEL_SERVICE_NAME: 'calendar-writes',
      // Exported only when the process stops: SIGTERM flushes what is left.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    const traceId = randomBytes(16).toString('hex');
    const parent = randomBytes(8).toString('hex');
    await writeOnce(server.url, `00-${traceId}-${parent}-01`);
    expect(received).toEqual([]);
    expect(server.output()).toContain('Tracing: spans are exported as the OTEL_* variables say');
    expect(await server.stop()).toBe(0);

    expect(received.map((r) => [r.path, r.contentType])).toEqual([['/v1/traces', 'application/x-protobuf']]);
    // Protobuf carries ids as raw bytes and names as UTF-8: the router's trace and span, the
    // service's name, and the three spans (the span structure itself is checked in tracing.test.ts).
    const { body } = received[0]!;
    expect(body.includes(Buffer.from(traceId, 'hex'))).toBe(true);
    expect(body.includes(Buffer.from(parent, 'hex'))).toBe(true);
    for (const name of ['calendar-writes', 'mutation Write', 'upsertEvent', 'cronofy.batch'])
      expect(body.includes(Buffer.from(name))).toBe(true);
  });

  it('says nothing of tracing in the log of a process started without them', async () => {
    const server = await startServerProcess({
      ...TEST_ENV,
      LOG_LEVEL: 'info',
      CRONOFY_API_URL: simulator.url,
      OTEL_SERVICE_NAME: 'calendar-writes',
    });
    await writeOnce(server.url, `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`);
    expect(await server.stop()).toBe(0);
    expect(server.output()).not.toContain('Tracing');
  });
});
