import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { exchange } from '../../../src/cronofy/exchange.js';

/**
 * The Cronofy client's one request (`exchange`) against a real server on loopback: what it reads
 * of an answer, and what its time limit does to a request that is slow or still waiting for a
 * connection.
 */
let server: Server | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await agent?.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = agent = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (origin: string) => ({ origin, path: '/v1/batch', method: 'POST' as const, body: '{"batch":[]}' });

describe('exchange', () => {
  it('reads a 2xx answer whole, as text without its byte-order mark, in chunks or not', async () => {
    const origin = await serve((req, res) => {
      req.resume();
      res.writeHead(207, { 'content-type': 'application/json' });
      res.write('\uFEFF{"batch":[{"st');
      setTimeout(() => res.end('atus":202}]}'), 20);
    });
    agent = new Agent();
    const answer = await exchange(agent, post(origin), 2_000);
    expect(answer.statusCode).toBe(207);
    expect(JSON.parse(answer.text)).toEqual({ batch: [{ status: 202 }] });
  });

  it('gives the status and headers of an answer that is no 2xx, and not its body', async () => {
    const origin = await serve((req, res) => {
      req.resume();
      res.writeHead(429, { 'retry-after': '7' }).end('{"echo":"what was sent"}');
    });
    agent = new Agent();
    const answer = await exchange(agent, post(origin), 2_000);
    expect(answer).toMatchObject({ statusCode: 429, text: '' });
    expect(answer.headers['retry-after']).toBe('7');
  });

  it('rejects with a TimeoutError when no answer comes in time', async () => {
    const origin = await serve((req) => req.resume());
    agent = new Agent();
    const started = performance.now();
    await expect(exchange(agent, post(origin), 150)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('never sends a request whose time ran out while it waited for a connection', async () => {
    const received: ServerResponse[] = [];
    const origin = await serve((req, res) => {
      req.resume();
      received.push(res);
    });
    agent = new Agent({ connections: 1 });
    const first = exchange(agent, post(origin), 2_000);
    const queued = exchange(agent, post(origin), 100);
    await expect(queued).rejects.toMatchObject({ name: 'TimeoutError' });
    // The connection frees up: the first is answered, and the queued one must not follow it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    received[0]!.writeHead(207).end('{"batch":[]}');
    expect((await first).statusCode).toBe(207);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(1);
  });

  it('rejects with the connection error when nothing listens', async () => {
    const origin = await serve(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    agent = new Agent();
    await expect(exchange(agent, post(origin), 2_000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
