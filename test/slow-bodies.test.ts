import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useStack } from './support/stack.js';

const BODY = JSON.stringify({ query: '{ batchLimit }' });

/** Sends headers declaring `length` bytes and only part of the body, then stalls. */
async function stalledUpload(url: string, length: number): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST /graphql HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n{"query":`,
  );
  let received = '';
  socket.on('data', (chunk) => (received += chunk));
  const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return { socket, answer };
}

describe('request bodies held at once', () => {
  const stack = useStack({
    env: { MAX_BODY_BYTES: '100000', MAX_BODIES_IN_FLIGHT_BYTES: '250000', REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' },
  });

  it('answer 503 with Retry-After once stalled uploads hold the budget, and take requests again when they are cut', async () => {
    const stalled = await Promise.all([stalledUpload(stack.server.url, 100_000), stalledUpload(stack.server.url, 100_000)]);
    // Two declared bodies of 100,000 bytes hold 200,000 of 250,000: a third of that size does not fit.
    const refused = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY.padEnd(100_000 - 2, ' ') + '',
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      errors: [{ message: expect.stringContaining('try again in a second'), extensions: { code: 'OVERLOADED' } }],
    });
    // A small request still fits, and /health never waits for bodies.
    const small = await fetch(stack.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    expect(await small.json()).toEqual({ data: { batchLimit: 50 } });
    expect((await fetch(new URL('/health', stack.server.url))).status).toBe(200);

    // REQUEST_TIMEOUT_MS cuts the stalled uploads (408), which frees what they held.
    for (const { answer } of stalled) expect(await answer).toMatch(/^HTTP\/1.1 408/);
    const again = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY.padEnd(100_000 - 2, ' '),
    });
    expect(again.status).toBe(200);
  });

  // Fails today: a reservation is the declared length (a chunked body: MAX_BODY_BYTES), taken
  // before a byte of body arrives, so with the defaults 16 connections that send headers only
  // (about 1.6 KB in all) answer every request with a body 503 for REQUEST_TIMEOUT_MS, and again
  // as soon as they reconnect. Fix: charge bytes as they are read, not as declared. Remove
  // `.fails` with the fix.
  it.fails('headers alone hold no budget: chunked uploads that never send a byte leave room for other callers', async () => {
    const { hostname, port } = new URL(stack.server.url);
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const socket = connect(Number(port), hostname);
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.on('error', () => undefined);
        socket.write(`POST /graphql HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`);
        sockets.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await fetch(stack.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY.padEnd(60_000, ' '),
      });
      expect(answer.status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('cut a connection that never finishes its headers after HEADERS_TIMEOUT_MS', async () => {
    const { hostname, port } = new URL(stack.server.url);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /graphql HTTP/1.1\r\nhost: x\r\n');
    socket.resume();
    const started = Date.now();
    await new Promise((resolve) => socket.once('close', resolve));
    // Node checks its timeouts once a second (connectionsCheckingInterval): cut within about 2 s, not after 60.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
