import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CronofySimulator } from '../../src/simulator/index.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/** Two tokens only this test knows: one Cronofy accepts, one it does not. */
const KNOWN = 'tok-known-5d1e8c0a77';
const UNKNOWN = 'tok-unknown-b94f2e6613';

let simulator: CronofySimulator;
let server: ServerProcess;

beforeAll(async () => {
  simulator = await CronofySimulator.start({ accounts: [{ accessToken: KNOWN, calendarIds: ['cal_1'] }] });
  // The server as `npm start` runs it, at its most talkative.
  server = await startServerProcess({ CRONOFY_API_URL: simulator.url, LOG_LEVEL: 'trace', MAX_BODY_BYTES: '4096' });
});

afterAll(async () => {
  await server.stop();
  await simulator.close();
});

const WRITE = 'mutation { a: deleteEvent(input: { calendarId: "cal_1", eventId: "x" }) { __typename } }';

describe('access tokens', () => {
  it('appear in no response and no log line, whatever goes wrong', async () => {
    const answers: string[] = [];
    const send = async (headers: Record<string, string>, body: string | undefined, method = 'POST', path = '') => {
      const response = await request(server.url + path, {
        method,
        headers: { ...(body && { 'content-type': 'application/json' }), ...headers },
        body,
      });
      answers.push(JSON.stringify(response.headers) + (await response.body.text()));
    };
    const json = (query: string) => JSON.stringify({ query });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    await send(bearer(KNOWN), json(WRITE)); // accepted
    await send(bearer(UNKNOWN), json(WRITE)); // 401 from Cronofy
    await send({ authorization: `Token ${KNOWN}` }, json(WRITE)); // not a Bearer header
    await send({ authorization: KNOWN }, json(WRITE)); // the bare token
    await send({ ...bearer(KNOWN), 'cronofy-data-center': KNOWN }, json(WRITE)); // token in the wrong header
    await send(
      bearer(KNOWN),
      json(
        `mutation { a: upsertEvent(input: { calendarId: "..", eventId: "x", summary: " ", start: "2026-12-08", end: "2026-12-07T10:00:00Z" }) { __typename } }`,
      ),
    );
    await send(bearer(KNOWN), json('mutation { a: deleteEvent(input: { calendarId: "cal_1" }) { __typename } }')); // invalid document
    await send(bearer(KNOWN), '{"query": "mutation {'); // invalid JSON
    await send(bearer(KNOWN), json(`{ ${'batchLimit '.repeat(500)}}`.padEnd(5000))); // over MAX_BODY_BYTES
    await send({ ...bearer(KNOWN), 'content-type': 'text/plain' }, json(WRITE)); // refused by CSRF prevention
    await send(bearer(KNOWN), undefined, 'GET', `?query=${encodeURIComponent(WRITE)}`); // GET without the CSRF header
    await simulator.close();
    await send(bearer(KNOWN), json(WRITE)); // Cronofy unreachable

    await server.stop();
    const output = server.output();

    expect(simulator.calls.map((c) => c.accessToken)).toEqual([KNOWN]);
    expect(answers).toHaveLength(12);
    expect(output).toMatch(/"level":(10|20),/);
    for (const text of [...answers, output]) {
      expect(text).not.toContain(KNOWN);
      expect(text).not.toContain(UNKNOWN);
    }
  });
});
