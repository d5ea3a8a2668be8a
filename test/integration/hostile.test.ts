import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../src/batcher/batcher.js';
import { loadConfig } from '../../src/config.js';
import { FEDERATION_SDL_REFUSED } from '../../src/http/use-schema-privacy.js';
import { createGraphQLHandler } from '../../src/http/yoga.js';
import { ALICE, useStack } from '../support/stack.js';

const WRITE = 'mutation { deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { __typename } }';
const ask = (query: string) => `?query=${encodeURIComponent(query)}`;

describe('requests a browser would send from another site', () => {
  const stack = useStack();
  const send = async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
    const response = await request(url, init);
    return { status: response.statusCode, text: await response.body.text() };
  };

  it('a form POST is refused with 403, even with a token, and nothing is sent', async () => {
    const { status, text } = await send(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${ALICE}` },
      body: `query=${encodeURIComponent(WRITE)}`,
    });
    expect(status).toBe(403);
    expect(JSON.parse(text).errors[0]).toMatchObject({
      message: expect.stringContaining(
        'send the operation as a JSON POST (content-type: application/json), or add the header "x-graphql-yoga-csrf: 1"',
      ),
      extensions: { code: 'CSRF_HEADER_MISSING' },
    });
    expect(stack.simulator.calls).toHaveLength(0);
  });

  it('a GET query needs the x-graphql-yoga-csrf header; a JSON POST needs nothing', async () => {
    expect((await send(stack.server.url + ask('{ batchLimit }'), { method: 'GET', headers: {} })).status).toBe(403);
    const withHeader = await send(stack.server.url + ask('{ batchLimit }'), { method: 'GET', headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(JSON.parse(withHeader.text)).toEqual({ data: { batchLimit: 50 } });
    expect((await stack.graphql('{ batchLimit }')).body).toEqual({ data: { batchLimit: 50 } });
  });

  it('a mutation over GET is refused with 405, and nothing is sent', async () => {
    const { status, text } = await send(stack.server.url + ask(WRITE), {
      method: 'GET',
      headers: { 'x-graphql-yoga-csrf': '1', authorization: `Bearer ${ALICE}` },
    });
    expect(status).toBe(405);
    expect(JSON.parse(text).errors[0].message).toBe('Can only perform a mutation operation from a POST request.');
    expect(stack.simulator.calls).toHaveLength(0);
  });
});

describe('an unexpected error inside the layer', () => {
  // No HTTP answer makes the real client throw anything but its own UpstreamError: this fault
  // needs a sender that breaks.
  const detail = 'pool state 0x2f: entries[7] is undefined';
  const batcher = new Batcher({
    send: async () => {
      throw new TypeError(detail);
    },
  });
  const server = createServer(
    createGraphQLHandler(loadConfig({ CRONOFY_API_URL: 'http://127.0.0.1:9' }), { batcher, fallbackCredential: undefined }),
  );
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reaches the caller masked, and the server log with its detail', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` },
        body: JSON.stringify({ query: WRITE }),
      });
      const body = (await response.body.json()) as any;
      expect(body.data).toEqual({ deleteEvent: null });
      expect(body.errors).toEqual([
        expect.objectContaining({ message: 'Unexpected error.', path: ['deleteEvent'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      ]);
      expect(JSON.stringify(body)).not.toContain('0x2f');
      expect(log.mock.calls.flat().map(String).join('\n')).toContain(detail);
    } finally {
      log.mockRestore();
    }
  });
});

describe('NODE_ENV=production', () => {
  const INTROSPECTION = '{ __schema { queryType { name } } }';
  const SDL = '{ _service { sdl } }';
  const graphiqlPage = async (url: string) => {
    const response = await request(url, { headers: { accept: 'text/html' } });
    return { status: response.statusCode, page: await response.body.text() };
  };

  describe('by default', () => {
    const stack = useStack({ env: { NODE_ENV: 'production' } });

    it('refuses introspection and hides field suggestions', async () => {
      const introspection = await stack.graphql(INTROSPECTION);
      expect(introspection.status).toBe(400);
      expect(introspection.body.errors![0]!.message).toBe(
        'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
      );
      const typo = await stack.graphql('{ batchLimt }');
      expect(typo.body.errors![0]!.message).toBe('Cannot query field "batchLimt" on type "Query". [Suggestion hidden]');
    });

    it('refuses the federation SDL (_service), however the field is reached, saying how to turn it on', async () => {
      for (const query of [SDL, '{ s: _service { sdl } }', '{ ...F } fragment F on Query { _service { sdl } }']) {
        const { status, body } = await stack.graphql(query);
        expect(status).toBe(400);
        expect(body.data).toBeUndefined();
        expect(body.errors).toEqual([expect.objectContaining({ message: FEDERATION_SDL_REFUSED })]);
        expect(JSON.stringify(body)).not.toContain('@key');
      }
      expect(FEDERATION_SDL_REFUSED).toContain('set FEDERATION_SDL=true');
    });

    it('does not serve GraphiQL', async () => {
      const { status, page } = await graphiqlPage(stack.server.url);
      expect(status).not.toBe(200);
      expect(page).not.toContain('<title>');
    });
  });

  describe('with GRAPHIQL=true and GRAPHQL_INTROSPECTION=true', () => {
    const stack = useStack({ env: { NODE_ENV: 'production', GRAPHIQL: 'true', GRAPHQL_INTROSPECTION: 'true' } });

    it('serves both, with suggestions, and still not the federation SDL', async () => {
      expect((await stack.graphql(INTROSPECTION)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
      expect((await stack.graphql('{ batchLimt }')).body.errors![0]!.message).toContain('Did you mean "batchLimit"?');
      const { status, page } = await graphiqlPage(stack.server.url);
      expect(status).toBe(200);
      expect(page).toContain('<title>Cronofy batch GraphQL</title>');
      expect((await stack.graphql(SDL)).body.errors).toEqual([expect.objectContaining({ message: FEDERATION_SDL_REFUSED })]);
    });
  });

  describe('with FEDERATION_SDL=true', () => {
    const stack = useStack({ env: { NODE_ENV: 'production', FEDERATION_SDL: 'true' } });

    it('serves the federation SDL, as in schema.graphql, and still refuses introspection', async () => {
      const { status, body } = await stack.graphql(SDL);
      expect(status).toBe(200);
      expect(body.data!._service.sdl.trim()).toBe(readFileSync('schema.graphql', 'utf8').trim());
      expect((await stack.graphql(INTROSPECTION)).status).toBe(400);
    });
  });
});
