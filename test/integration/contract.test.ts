import { afterEach, describe, expect, it } from 'vitest';
import { Batcher } from '../../src/batcher/batcher.js';
import { loadConfig } from '../../src/config.js';
import { CronofyClient } from '../../src/cronofy/client.js';
import { bearerToken } from '../../src/cronofy/credentials.js';
import { UpstreamError } from '../../src/cronofy/errors.js';
import { upsertEvent } from '../../src/entries/events.js';
import { ResilientUpstream } from '../../src/resilience/resilient-upstream.js';
import { type ScriptedAnswer, startScriptedUpstream } from '../support/scripted-upstream.js';
import { eventInput } from '../support/stack.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function clientAgainst(answer: (entries: any[]) => ScriptedAnswer | 'hang', timeoutMs = 5_000) {
  const upstream = await startScriptedUpstream(answer);
  const client = new CronofyClient({ baseUrl: upstream.url, timeoutMs });
  closers.push(
    () => upstream.close(),
    () => client.close(),
  );
  return { upstream, client };
}

const write = (n: number) => {
  const built = upsertEvent(eventInput(n));
  if (!built.ok) throw new Error('fixture input must be valid');
  return built.write;
};
const caller = { credential: bearerToken('token-1'), dataCenter: 'us' as const };
const resilient = (client: CronofyClient) => new ResilientUpstream(client, loadConfig({}));

describe('an answer that cannot be paired with its entries fails every entry of the call', () => {
  it.each([
    [
      'too few results',
      (entries: any[]) => ({ status: 207, body: { batch: entries.slice(1).map(() => ({ status: 202 })) } }),
      'answered 1 results for 2 entries',
    ],
    [
      'too many results',
      (entries: any[]) => ({ status: 207, body: { batch: [...entries, {}].map(() => ({ status: 202 })) } }),
      'answered 3 results for 2 entries',
    ],
    ['not JSON', () => ({ status: 207, body: '<html>oops</html>' }), 'is not JSON'],
    ['no batch array', () => ({ status: 207, body: { results: [] } }), 'no "batch" array'],
    ['a bare array', (entries: any[]) => ({ status: 207, body: entries.map(() => ({ status: 202 })) }), 'no "batch" array'],
    [
      'a result without status',
      () => ({ status: 207, body: { batch: [{ status: 202 }, { data: {} }] } }),
      'result 1 has no valid "status"',
    ],
  ] as const)('%s', async (_name, answer, message) => {
    const { client } = await clientAgainst(answer as (entries: any[]) => ScriptedAnswer);
    const batcher = new Batcher(resilient(client));
    const outcomes = await Promise.allSettled([batcher.submit(caller, write(1)), batcher.submit(caller, write(2))]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as UpstreamError;
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.code).toBe('UPSTREAM_PROTOCOL_ERROR');
      expect(error.message).toContain(message);
    }
  });
});

describe('CronofyClient', () => {
  it('sends the documented request: bearer token, JSON with the batch wrapper', async () => {
    const { upstream, client } = await clientAgainst((entries) => ({
      status: 207,
      body: { batch: entries.map(() => ({ status: 204, headers: { a: '1' } })) },
    }));
    const results = await client.send('uk', 'token-1', [write(1).entry]);
    expect(results).toEqual([{ status: 204, headers: { a: '1' } }]);
    expect(upstream.calls[0]).toEqual({ authorization: 'Bearer token-1', entries: [write(1).entry] });
  });

  it('maps each data center to its own host', () => {
    const client = new CronofyClient({ timeoutMs: 1000 });
    closers.push(() => client.close());
    expect(client.origin('us')).toBe('https://api.cronofy.com');
    expect(client.origin('sg')).toBe('https://api-sg.cronofy.com');
  });

  it('times out a call that does not answer, saying the writes may have been applied', async () => {
    const { client } = await clientAgainst(() => 'hang', 200);
    const error = await client.send('us', 't', [write(1).entry]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect((error as Error).message).toMatch(/no answer within 200 ms\. The writes may or may not have been applied/);
  });

  it('reports a refused connection as UPSTREAM_UNAVAILABLE', async () => {
    const client = new CronofyClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 });
    closers.push(() => client.close());
    await expect(client.send('us', 't', [write(1).entry])).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});

describe('Batcher contract', () => {
  it.each([0, 51, 2.5])('refuses maxEntriesPerCall %s', (max) => {
    expect(() => new Batcher({ send: async () => [] }, { maxEntriesPerCall: max })).toThrow(
      /maxEntriesPerCall must be a whole number from 1 to 50/,
    );
  });

  it('keeps no state for a caller once its writes are answered', async () => {
    const batcher = new Batcher({ send: async (_caller, entries) => entries.map(() => ({ status: 202 })) });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => batcher.submit({ credential: bearerToken(`token-${i}`), dataCenter: 'us' }, write(i))),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(batcher.idle).toBe(true);
  });
});
