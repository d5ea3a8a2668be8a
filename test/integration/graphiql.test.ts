import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATION } from '../../src/http/example-operation.js';
import { DEMO_ACCESS_TOKEN } from '../../src/simulator/index.js';
import { type SimulatorMode, startSimulatorMode } from '../support/simulator-mode.js';
import { useStack } from '../support/stack.js';

/** GraphiQL as a browser fetches it, over real HTTP; test/e2e/graphiql.browser.test.ts runs it in Chromium. */
async function getPage(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, { headers: { accept: 'text/html', ...headers } });
  return { status: response.statusCode, headers: response.headers, body: Buffer.from(await response.body.arrayBuffer()) };
}

/** The options the page hands to GraphiQL, as the browser will read them. */
function graphiqlOptionsIn(page: string): Record<string, unknown> {
  const match = /renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*\}),\s*\);/s.exec(page);
  if (!match) throw new Error('The page does not call renderYogaGraphiQL with its options.');
  return JSON.parse(match[1]!);
}

/** Every URL the page's markup and styles would load: script, link, img and iframe sources, CSS url() and @import. */
function urlsLoadedBy(page: string): string[] {
  const attributes = [
    ...page.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*?\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi),
  ];
  const css = [...page.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']/gi)];
  return [...attributes, ...css].map(([, ...values]) => values.find((value) => value !== undefined)!);
}

describe('GraphiQL in simulator mode', () => {
  let stack: SimulatorMode;
  let page: string;
  beforeAll(async () => {
    stack = await startSimulatorMode();
    page = (await getPage(stack.server.url)).body.toString();
  });
  afterAll(() => stack.close());

  it('needs nothing from another host', () => {
    expect(page).toContain('<title>Cronofy batch GraphQL</title>');
    const external = urlsLoadedBy(page).filter(
      (url) => /^https?:/i.test(url) && !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/i.test(url),
    );
    expect(external).toEqual([]);
  });

  it('opens with the example operation and the demo token as the tab header', () => {
    const options = graphiqlOptionsIn(page);
    expect(options.defaultQuery).toBe(EXAMPLE_OPERATION);
    expect(JSON.parse(options.defaultHeaders as string)).toEqual({ Authorization: `Bearer ${DEMO_ACCESS_TOKEN}` });
  });

  it('serves the page brotli- or gzip-compressed as Accept-Encoding asks', async () => {
    const plain = await getPage(stack.server.url);
    const br = await getPage(stack.server.url, { 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await getPage(stack.server.url, { 'accept-encoding': 'gzip;q=1, br;q=0' });

    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    // About 9 MB as it is; a quarter of that or less on the wire.
    expect(plain.body.length).toBeGreaterThan(8_000_000);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
  });

  it('lets a browser revalidate its copy: ETag, Cache-Control, and 304 on If-None-Match', async () => {
    const first = await getPage(stack.server.url, { 'accept-encoding': 'br' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.vary).toBe('Accept, Accept-Encoding, Origin');

    const again = await getPage(stack.server.url, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);

    // Each encoding is its own representation, so a gzip copy does not validate a brotli one.
    const otherEncoding = await getPage(stack.server.url, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(otherEncoding.status).toBe(200);
    expect(otherEncoding.headers.etag).not.toBe(etag);
  });
});

describe('GraphiQL against a configured upstream', () => {
  const stack = useStack();

  it('puts no Authorization header in the page', async () => {
    const page = (await getPage(stack.server.url)).body.toString();
    const options = graphiqlOptionsIn(page);
    expect(options.defaultQuery).toBe(EXAMPLE_OPERATION);
    expect(options.defaultHeaders).toBeUndefined();
    expect(page).not.toContain('Bearer');
  });
});
