import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorMode, startSimulatorMode } from '../support/simulator-mode.js';

/**
 * A page of another origin, in Debian's Chromium, against the server in simulator mode: there a
 * request without Authorization writes with the demo account, as it would with server-held
 * credentials. Whatever the page sends, it must neither write nor read unless CORS_ORIGINS
 * lists its origin.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const MUTATION = `mutation { upsertEvent(input: { calendarId: "cal_demo_work", eventId: "from-another-origin", summary: "Written by another site",
  start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename ... on UpsertEventSuccess { eventId } } }`;

/**
 * `attempt(url, kind)` sends the mutation one way, and says whether the page could read the
 * answer. A form posts into an iframe; a cross-origin frame's document is out of the page's reach.
 */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Another origin</title>
<script>
const BODY = ${JSON.stringify(JSON.stringify({ query: MUTATION }))};

async function read(response) {
  return { readable: response.type !== 'opaque', status: response.status, body: await response.text() };
}

function submitForm(url, enctype, name, value) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.name = 'sink-' + Math.random().toString(36).slice(2);
    frame.addEventListener('load', () => {
      let inner = null;
      try {
        inner = frame.contentDocument;
      } catch {}
      if (inner && inner.URL === 'about:blank') return;
      resolve(inner ? { readable: true, body: inner.body.textContent } : { readable: false });
    });
    document.body.append(frame);
    const form = document.createElement('form');
    Object.assign(form, { method: 'POST', action: url, enctype, target: frame.name });
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
    document.body.append(form);
    form.submit();
  });
}

window.attempt = async (url, kind) => {
  try {
    switch (kind) {
      case 'json fetch':
        return await read(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY }));
      case 'text/plain fetch':
        return await read(await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: BODY }));
      case 'no-cors text/plain fetch':
        return await read(await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: BODY }));
      case 'url-encoded form':
        return await submitForm(url, 'application/x-www-form-urlencoded', 'query', ${JSON.stringify(MUTATION)});
      case 'text/plain form':
        // The classic JSON-by-form trick: the body reads {"query":"…","pad":"="}.
        return await submitForm(url, 'text/plain', BODY.slice(0, -1) + ',"pad":"', '"}');
    }
  } catch (error) {
    return { readable: false, error: String(error) };
  }
};
</script>
<body></body>`;

const KINDS = ['json fetch', 'text/plain fetch', 'no-cors text/plain fetch', 'url-encoded form', 'text/plain form'] as const;
type Kind = (typeof KINDS)[number];
interface Attempt {
  readable: boolean;
  status?: number;
  body?: string;
  error?: string;
}

let pageServer: Server;
let pageOrigin: string;
let closed: SimulatorMode;
let open: SimulatorMode;
let browser: Browser;
let page: Page;
/**
 * Each request of the current attempt that the GraphQL server answered, as Chromium's network
 * layer saw it. Its events may trail the page's own result, hence `expect.poll`.
 */
const answered: Array<{ method: string; status: number }> = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The CORS browser test needs Chromium at ${CHROMIUM}. Install Debian's package with ` +
        '"sudo apt-get install -y --no-install-recommends chromium" (.ci/run does this), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  pageServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  [closed, open, browser] = await Promise.all([
    startSimulatorMode({ LOG_LEVEL: 'silent' }),
    startSimulatorMode({ LOG_LEVEL: 'silent', CORS_ORIGINS: pageOrigin }),
    chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] }),
  ]);
  page = await browser.newPage();
  // Chromium's own record of what went over the wire: unlike page.on('response'), it includes
  // preflights and answers that CORS then hides from the page.
  const network = await page.context().newCDPSession(page);
  // The two events of one request come in either order (Chromium documents that ExtraInfo
  // events may precede the request's own), so each waits in its map for the other; on a busy
  // machine they can trail the page's result by more than the default second of `expect.poll`.
  const methods = new Map<string, string>();
  const statuses = new Map<string, number>();
  network.on('Network.requestWillBeSent', (event) => {
    if (new URL(event.request.url).origin === pageOrigin) return;
    const status = statuses.get(event.requestId);
    if (status === undefined) methods.set(event.requestId, event.request.method);
    else answered.push({ method: event.request.method, status });
    statuses.delete(event.requestId);
  });
  network.on('Network.responseReceivedExtraInfo', (event) => {
    const method = methods.get(event.requestId);
    if (method === undefined) statuses.set(event.requestId, event.statusCode);
    else answered.push({ method, status: event.statusCode });
    methods.delete(event.requestId);
  });
  await network.send('Network.enable');
  await page.goto(pageOrigin);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([closed?.close(), open?.close()]);
  pageServer?.closeAllConnections();
  await new Promise<void>((resolve) => (pageServer?.listening ? pageServer.close(() => resolve()) : resolve()));
});

async function attempt(stack: SimulatorMode, kind: Kind): Promise<{ result: Attempt; writes: number }> {
  stack.simulator.calls.length = 0;
  answered.length = 0;
  const result = await page.evaluate(([url, kind]) => (window as any).attempt(url, kind) as Promise<Attempt>, [
    stack.server.url,
    kind,
  ] as const);
  return { result, writes: stack.simulator.calls.length };
}

describe('a page of another origin, CORS_ORIGINS unset', () => {
  it('the server is on another origin than the page', () => {
    expect(new URL(closed.server.url).origin).not.toBe(pageOrigin);
  });

  it.each(KINDS)('%s: the page reads nothing and nothing is written', async (kind) => {
    const { result, writes } = await attempt(closed, kind);
    expect(result.readable).toBe(false);
    expect(writes).toBe(0);
    if (kind === 'json fetch') {
      // Refused at the preflight: the POST itself is never sent.
      expect(result.error).toMatch(/Failed to fetch/);
      await expect.poll(() => answered, { timeout: 5_000 }).toEqual([{ method: 'OPTIONS', status: 204 }]);
    } else {
      // Sent without a preflight, as a browser does for these, and refused by CSRF prevention.
      await expect.poll(() => answered, { timeout: 5_000 }).toEqual([{ method: 'POST', status: 403 }]);
    }
  });
});

describe('a page whose origin CORS_ORIGINS lists', () => {
  it('json fetch: the page reads the answer and the write reaches the calendar', async () => {
    const { result, writes } = await attempt(open, 'json fetch');
    await expect
      .poll(() => answered, { timeout: 5_000 })
      .toEqual([
        { method: 'OPTIONS', status: 204 },
        { method: 'POST', status: 200 },
      ]);
    expect(result).toMatchObject({ readable: true, status: 200 });
    expect(JSON.parse(result.body!)).toEqual({
      data: { upsertEvent: { __typename: 'UpsertEventSuccess', eventId: 'from-another-origin' } },
    });
    expect(writes).toBe(1);
    expect(open.simulator.calls[0]!.entries).toHaveLength(1);
  });

  it('text/plain fetch: still refused by CSRF prevention, and now the page can read why', async () => {
    const { result, writes } = await attempt(open, 'text/plain fetch');
    await expect.poll(() => answered, { timeout: 5_000 }).toEqual([{ method: 'POST', status: 403 }]);
    expect(result).toMatchObject({ readable: true, status: 403 });
    expect(JSON.parse(result.body!).errors[0].extensions.code).toBe('CSRF_HEADER_MISSING');
    expect(writes).toBe(0);
  });

  it.each(['no-cors text/plain fetch', 'url-encoded form', 'text/plain form'] as const)(
    '%s: nothing is written, and the page reads nothing',
    async (kind) => {
      const { result, writes } = await attempt(open, kind);
      expect(result.readable).toBe(false);
      expect(writes).toBe(0);
      await expect.poll(() => answered, { timeout: 5_000 }).toEqual([{ method: 'POST', status: 403 }]);
    },
  );
});
