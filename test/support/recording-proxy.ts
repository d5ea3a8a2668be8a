import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface ReceivedRequest {
  method: string;
  /** Path and query string, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A pass-through HTTP proxy on loopback that keeps every request as it arrived, before handing it
 * to `target`: what a client put on the wire, whatever the client library says it sends.
 *
 * ```ts
 * const proxy = await startRecordingProxy(stack.server.url);
 * await fetch(proxy.url, …); proxy.received[0].body;
 * ```
 */
export async function startRecordingProxy(target: string) {
  const origin = new URL(target).origin;
  const received: ReceivedRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    received.push({ method: incoming.method!, url: incoming.url!, headers: incoming.headers, body });
    const { host: _host, connection: _connection, 'content-length': _length, ...headers } = incoming.headers;
    const answer = await request(`${origin}${incoming.url}`, {
      method: incoming.method as 'GET' | 'POST',
      headers: headers as Record<string, string>,
      body: incoming.method === 'GET' ? undefined : body,
    });
    const { connection: _c, 'transfer-encoding': _t, ...answerHeaders } = answer.headers;
    outgoing.writeHead(answer.statusCode, answerHeaders);
    outgoing.end(Buffer.from(await answer.body.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${new URL(target).pathname}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
