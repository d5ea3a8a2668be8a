import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * What `npm start` and the Docker image run: `npm run build` compiles to dist/, and
 * `node dist/main.js` serves without tsx or any dev dependency's help.
 */
let server: ServerProcess;

beforeAll(async () => {
  // `npm test` has type-checked these files already: the build only needs to emit them here.
  await promisify(execFile)('npm', ['run', 'build', '--', '--noCheck'], { env: process.env });
  server = await startServerProcess({ LOG_LEVEL: 'info' }, { entry: ['dist/main.js'], inheritStderr: true, simulatorMode: true });
}, 120_000);

afterAll(() => server?.stop());

describe('the compiled server (npm run build, node dist/main.js)', () => {
  it('answers a mutation against the embedded simulator and logs the call as a JSON line', async () => {
    const response = await request(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { deleteEvent(input: { calendarId: "cal_demo_work", eventId: "gone" }) { __typename } }' }),
    });
    expect(await response.body.json()).toEqual({ data: { deleteEvent: { __typename: 'DeleteEventSuccess' } } });
    // The log line may reach stdout just after the answer reaches us.
    await vi.waitFor(() => expect(server.output()).toContain('cronofy batch call'));
    const lines = server
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'cronofy batch call', entries: 1, statuses: [202] }));
  });

  it('serves /health and /metrics', async () => {
    expect((await request(server.url.replace('/graphql', '/health'))).statusCode).toBe(200);
    const metrics = await (await request(server.url.replace('/graphql', '/metrics'))).body.text();
    expect(metrics).toContain('cronofy_upstream_requests_total{data_center="us",outcome="answered"} 1');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    expect(await server.stop()).toBe(0);
  });
});
