import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_TOKEN } from '../../src/simulator/index.js';
import { type SimulatorMode, startSimulatorMode } from '../support/simulator-mode.js';

/**
 * GraphiQL in a real browser on a network with nothing but loopback: Debian's Chromium, driven by
 * playwright-core (no browser download). The screenshot is kept in test/artifacts/graphiql.png.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = 'test/artifacts/graphiql.png';

let stack: SimulatorMode;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The GraphiQL browser test needs Chromium at ${CHROMIUM}. Install Debian's package with ` +
        '"sudo apt-get install -y --no-install-recommends chromium" (.ci/run does this), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  [stack, browser] = await Promise.all([
    startSimulatorMode(),
    chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] }),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('GraphiQL in Chromium with no network but loopback', () => {
  it('runs the example tab against the simulator: one batch call, every field answered', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (['data:', 'blob:'].includes(url.protocol) || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return route.continue();
      blocked.push(url.href);
      return route.abort('internetdisconnected');
    });

    await page.goto(stack.server.url);
    const run = page.locator('button.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error(`GraphiQL did not render. Requests that needed the internet: ${blocked.join(', ') || 'none'}`);
    });
    const sent = page.waitForRequest((request) => request.method() === 'POST' && !!request.postData()?.includes('PlanTheWeek'));
    await run.click();
    const request = await sent;
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('focus-tuesday'));

    const lines = await page.locator('.result-window .view-line').allTextContents();
    const shown = JSON.parse(lines.join('\n').replaceAll('\u00a0', ' '));
    await mkdir('test/artifacts', { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    expect(shown).toEqual({
      data: {
        standup: { __typename: 'UpsertEventSuccess', eventId: 'standup-monday', status: 202 },
        review: { __typename: 'UpsertEventSuccess', eventId: 'review-friday', status: 202 },
        focus: { __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: 'focus-tuesday', status: 202 },
      },
    });
    // The header came from the tab's header editor, not from the server's fallback to the demo account.
    expect(request.headers().authorization).toBe(`Bearer ${DEMO_ACCESS_TOKEN}`);
    expect(stack.simulator.calls).toHaveLength(1);
    expect(stack.simulator.calls[0]!.entries).toHaveLength(3);
    expect(blocked).toEqual([]);
  }, 60_000);
});
