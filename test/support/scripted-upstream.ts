import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  /** An object is sent as JSON; a string is sent as it is (to send broken bodies). */
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A real HTTP server on loopback that answers each `POST /v1/batch` as the test scripts it: for
 * faults the simulator does not produce (yet), such as a 503 for one call of several or an
 * answer of the wrong length. `'hang'` never answers; a promise answers when it settles, so a
 * test can hold one call's answer while others go on.
 */
export async function startScriptedUpstream(
  answer: (
    entries: any[],
    callIndex: number,
    authorization: string | undefined,
  ) => ScriptedAnswer | 'hang' | Promise<ScriptedAnswer | 'hang'>,
) {
  const calls: Array<{ authorization: string | undefined; entries: any[] }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const entries = JSON.parse(Buffer.concat(chunks).toString()).batch as any[];
      calls.push({ authorization: request.headers.authorization, entries });
      void Promise.resolve(answer(entries, calls.length - 1, request.headers.authorization)).then((scripted) => {
        if (scripted === 'hang') return;
        const { status, body, headers } = scripted;
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** 207 with a 202 for every entry. */
export const allAccepted = (entries: any[]): ScriptedAnswer => ({ status: 207, body: { batch: entries.map(() => ({ status: 202 })) } });
