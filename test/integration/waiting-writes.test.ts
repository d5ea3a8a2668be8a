import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack.js';

/**
 * Writes wait for a slot for up to CRONOFY_SLOT_WAIT_MS, and while they wait their request holds
 * its parsed document, its execution and every write: about 10 KB a write (100 requests of 500
 * writes waiting held 495 MB of heap). Nothing bounds how many wait; only the instance's CPU
 * bounds how fast they come. A write is answered at once when the budget's own wait passes the
 * bound, but not when the callers ahead of it in line already fill every slot until the bound:
 * those writes are held for the whole wait, then answered RATE_LIMITED anyway.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    accounts: Array.from({ length: 40 }, (_, r) => ({ accessToken: `caller-${r}`, calendarIds: ['cal_1'] })),
    env: { CRONOFY_RATE_PER_SECOND: '1', CRONOFY_RATE_PER_MINUTE: '60', CRONOFY_SLOT_WAIT_MS: '10000' },
  });
});
afterAll(() => stack?.close());

it('answers at once the writes that the callers ahead of them leave no slot for within CRONOFY_SLOT_WAIT_MS', async () => {
  const fields = (r: number) =>
    Array.from(
      { length: 50 },
      (_, i) =>
        `f${i}: upsertEvent(input: { calendarId: "cal_1", eventId: "e${r}-${i}", summary: "s", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename }`,
    ).join('\n');
  const answeredAfter: number[] = [];
  const started = performance.now();
  // 40 callers with a full call each, at a slot a second: about ten of them can go within the 10 s.
  await Promise.all(
    Array.from({ length: 40 }, async (_, r) => {
      const response = await request(stack.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer caller-${r}` },
        body: JSON.stringify({ query: `mutation { ${fields(r)} }` }),
      });
      await response.body.dump();
      answeredAfter.push(performance.now() - started);
    }),
  );
  const early = answeredAfter.filter((ms) => ms < 3_000).length;
  console.log(
    `waiting writes: of 40 requests of 50 writes at a slot a second, ${early} answered within 3 s; ` +
      `${stack.simulator.calls.length} calls sent; the last answered after ${Math.round(Math.max(...answeredAfter))} ms`,
  );
  expect(early).toBeGreaterThanOrEqual(25);
}, 60_000);
