import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { useStack } from '../support/stack.js';

/** What an orchestrator sees: liveness at /health, readiness (can we reach Cronofy?) at /ready. */
async function get(url: string, path: string) {
  const response = await request(url.replace('/graphql', path));
  return { status: response.statusCode, type: response.headers['content-type'], body: (await response.body.json()) as any };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('with Cronofy reachable', () => {
  const stack = useStack();

  it('answers /health with 200 and a JSON status', async () => {
    expect(await get(stack.server.url, '/health')).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: { status: 'ok' },
    });
  });

  it('answers /health under the forms of its path that URL parsing reads as /health', async () => {
    for (const path of ['/health?probe=1', '/x/../health', '/./health']) {
      expect((await get(stack.server.url, path)).body, path).toEqual({ status: 'ok' });
    }
  });

  it('answers /ready with 200 once Cronofy answers, without sending a write', async () => {
    const ready = await get(stack.server.url, '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', upstream: { dataCenter: 'us', reachable: true, status: 404 } });
    expect(stack.simulator.calls).toEqual([]);
  });
});

describe('with Cronofy unreachable', async () => {
  const stack = useStack({ cronofyApiUrl: `http://127.0.0.1:${await closedPort()}` });

  it('stays live: /health is 200', async () => {
    expect((await get(stack.server.url, '/health')).status).toBe(200);
  });

  it('is not ready: /ready is 503 and says why', async () => {
    expect(await get(stack.server.url, '/ready')).toMatchObject({
      status: 503,
      body: { status: 'not ready', upstream: { dataCenter: 'us', reachable: false, reason: 'connection refused' } },
    });
  });
});
