import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { CORS_ALLOWED_HEADERS, CORS_MAX_AGE_SECONDS } from '../../src/http/use-cors.js';
import { useStack } from '../support/stack.js';

/** CORS as a browser sees it, over plain HTTP; test/e2e/cors.browser.test.ts shows what a page can do with it. */
const APP = 'https://app.example.com';
const DEV = 'http://localhost:5173';
const UNLISTED = [
  'https://evil.example',
  'null',
  'http://app.example.com',
  'https://app.example.com:8443',
  'https://app.example.com.evil.example',
  'https://sub.app.example.com',
];

function preflight(url: string, origin: string) {
  return send(url, 'OPTIONS', {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization,content-type,cronofy-data-center',
  });
}

function post(url: string, origin: string) {
  return send(url, 'POST', { origin, 'content-type': 'application/json' }, JSON.stringify({ query: '{ batchLimit }' }));
}

async function send(url: string, method: 'OPTIONS' | 'POST', headers: Record<string, string>, body?: string) {
  const response = await request(url, { method, headers, body });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

const corsHeadersOf = (headers: Record<string, unknown>) => Object.keys(headers).filter((name) => name.startsWith('access-control-'));

describe('CORS with CORS_ORIGINS unset', () => {
  const stack = useStack();

  it('answers a preflight from any origin without allowing it', async () => {
    const answer = await preflight(stack.server.url, APP);
    expect(answer.status).toBe(204);
    expect(corsHeadersOf(answer.headers)).toEqual([]);
    expect(answer.headers.vary).toBe('Origin');
  });

  it('lets no origin read an answer', async () => {
    for (const origin of [APP, ...UNLISTED]) {
      const answer = await post(stack.server.url, origin);
      // Answered, as to curl; a browser keeps it from the page, for want of Access-Control-Allow-Origin.
      expect(answer.status).toBe(200);
      expect(corsHeadersOf(answer.headers)).toEqual([]);
      expect(answer.headers.vary).toBe('Origin');
    }
  });
});

describe('CORS with CORS_ORIGINS listing two origins', () => {
  const stack = useStack({ env: { CORS_ORIGINS: ` ${APP}/ , ${DEV}` } });

  it('allows a listed origin: that origin back, the methods and headers clients send, no credentials', async () => {
    for (const origin of [APP, DEV]) {
      const answer = await preflight(stack.server.url, origin);
      expect(answer.status).toBe(204);
      expect(answer.headers).toMatchObject({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST',
        'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
        vary: 'Origin',
      });
      const allowed = String(answer.headers['access-control-allow-headers']).split(', ');
      expect(allowed).toEqual(CORS_ALLOWED_HEADERS);
      expect(allowed).toEqual(
        expect.arrayContaining([
          'content-type',
          'authorization',
          'cronofy-data-center',
          'x-graphql-yoga-csrf',
          'apollographql-client-name',
        ]),
      );
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('lets a listed origin read the answer', async () => {
    const answer = await post(stack.server.url, DEV);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { batchLimit: 50 } });
    expect(answer.headers['access-control-allow-origin']).toBe(DEV);
    expect(answer.headers.vary).toBe('Origin');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives every other origin, "null" and look-alikes included, no Access-Control header at all', async () => {
    for (const origin of UNLISTED) {
      for (const answer of [await preflight(stack.server.url, origin), await post(stack.server.url, origin)]) {
        expect({ origin, cors: corsHeadersOf(answer.headers) }).toEqual({ origin, cors: [] });
        expect(answer.headers.vary).toBe('Origin');
      }
    }
  });
});
