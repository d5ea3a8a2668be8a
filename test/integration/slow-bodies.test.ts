import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useStack } from '../support/stack.js';

const BODY = JSON.stringify({ query: '{ batchLimit }' });
const padded = (bytes: number) => BODY.padEnd(bytes, ' ');

describe('request bodies read at once', () => {
  const stack = useStack({
    env: { MAX_BODY_BYTES: '100000', MAX_BODIES_IN_FLIGHT_BYTES: '250000', REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' },
  });
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  /** Sends headers and `sent` bytes of a body, then stalls; resolves with all it was answered once closed. */
  const stalledUpload = async (headers: string, sent: number) => {
    const { hostname, port } = new URL(stack.server.url);
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write(
      `POST /graphql HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\n${headers}\r\n\r\n${'{"query":'.padEnd(sent, ' ')}`,
    );
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    return { answer: new Promise<string>((resolve) => socket.once('close', () => resolve(received))) };
  };
  const post = (body: string) => fetch(stack.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answer 503 with Retry-After once the bytes actually held fill the budget, and take bodies again when stalled uploads are cut', async () => {
    // Two uploads that sent 99,000 of 100,000 bytes hold 198,000 of 250,000.
    const stalled = [await stalledUpload('content-length: 100000', 99_000), await stalledUpload('content-length: 100000', 99_000)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await post(padded(90_000));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      errors: [{ message: expect.stringContaining('try again in a second'), extensions: { code: 'OVERLOADED' } }],
    });
    // A small body still fits, and /health never reads a body.
    expect(await (await post(BODY)).json()).toEqual({ data: { batchLimit: 50 } });
    expect((await fetch(new URL('/health', stack.server.url))).status).toBe(200);

    // REQUEST_TIMEOUT_MS cuts the stalled uploads (408), which frees what they held.
    for (const { answer } of stalled) expect(await answer).toMatch(/^HTTP\/1.1 408/);
    expect((await post(padded(90_000))).status).toBe(200);
  });

  it('charge nothing for headers alone: uploads that declare bodies and send none leave room for everyone', async () => {
    for (let i = 0; i < 8; i++) {
      await stalledUpload('content-length: 100000', 0);
      await stalledUpload('transfer-encoding: chunked', 0);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await post(padded(90_000));
    expect(answer.status).toBe(200);
  });

  it('cut a connection that never finishes its headers after HEADERS_TIMEOUT_MS', async () => {
    const { hostname, port } = new URL(stack.server.url);
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /graphql HTTP/1.1\r\nhost: x\r\n');
    socket.resume();
    const started = Date.now();
    await new Promise((resolve) => socket.once('close', resolve));
    // Node checks its timeouts every half HEADERS_TIMEOUT_MS (connectionsCheckingInterval): cut within about 1.5 s, not after 60.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
