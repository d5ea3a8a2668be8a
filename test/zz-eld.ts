import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '/work/main/src/config.js';
import { startServer } from '/work/main/src/server.js';
import { CronofySimulator } from '/work/main/src/simulator/index.js';
const sim = await CronofySimulator.start({ recordCalls: false, accounts: [{ accessToken: 'a', calendarIds: ['cal_1'] }] });
const server = await startServer({ ...loadConfig({ CRONOFY_API_URL: sim.url, LOG_LEVEL: 'silent', MAX_CALLS_PER_REQUEST: '1000' }), port: 0 });
const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
const field = (d: number, i: number) => `f${i}: upsertEvent(input: { calendarId: "cal_1", eventId: "e-${d}-${i}", summary: "M ${i}", start: "2026-12-07T09:00:00Z", end: "2026-12-07T10:00:00Z" }) { __typename ... on UpsertEventSuccess { calendarId eventId status } ... on ValidationError { message fieldErrors { field key description } } ... on CronofyRequestError { message status } }`;
const docs: Record<string, (d: number) => string> = {
  'fields50': (d) => `mutation { ${Array.from({ length: 50 }, (_, i) => field(d, i)).join('\n')} }`,
  'fields200': (d) => `mutation { ${Array.from({ length: 200 }, (_, i) => field(d, i)).join('\n')} }`,
  'fields300': (d) => `mutation { ${Array.from({ length: 300 }, (_, i) => field(d, i)).join('\n')} }`,
  'terse500': (d) => `mutation($v: DeleteAvailablePeriodInput!) { ${Array.from({ length: 500 }, (_, i) => `f${i}x${d}: deleteAvailablePeriod(input: $v) { __typename }`).join(' ')} }`,
  'query40k': (d) => `{ a${d}: dataCenters { ${'id host '.repeat(19990)} } }`,
  'typename40k': (d) => `mutation { ${'__typename '.repeat(39990)} x${d}: __typename }`,
};
const send = (q: string) => fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer a' }, body: JSON.stringify({ query: q, variables: { v: { availablePeriodId: 'p' } } }) }).then(async (r) => [r.status, (await r.text()).slice(0, 100)]);
for (const [name, doc] of Object.entries(docs)) {
  const worst: number[] = [];
  for (let d = 0; d < 6; d++) {
    h.reset(); const t = performance.now(); const r = await send(doc(d)); const ms = performance.now() - t;
    worst.push(Math.round(h.max / 1e6)); if (d === 5) console.log(name, 'loop max ms', worst.join(','), 'last answer', ms.toFixed(0), 'ms', r[0], String(r[1]).slice(0, 60));
  }
}
await server.close(); await sim.close();
