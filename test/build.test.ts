import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What `npm start` and the Docker image run: `npm run build` compiles to dist/, and
 * `node dist/main.js` serves without tsx or any dev dependency's help.
 */
let child: ChildProcess;
let url: string;
let stdout = '';

beforeAll(async () => {
  // `npm test` has type-checked these files already: the build only needs to emit them here.
  await promisify(execFile)('npm', ['run', 'build', '--', '--noCheck'], { env: process.env });
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'info' };
  for (const name of ['CRONOFY_API_URL', 'CRONOFY_DATA_CENTER', 'HOST']) delete env[name];
  child = spawn(process.execPath, ['dist/main.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const match = /GraphQL and GraphiQL at (http[^\s"]+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`node dist/main.js exited with ${code}:\n${stdout}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child?.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

describe('the compiled server (npm run build, node dist/main.js)', () => {
  it('answers a mutation against the embedded simulator and logs the call as a JSON line', async () => {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { deleteEvent(input: { calendarId: "cal_demo_work", eventId: "gone" }) { __typename } }' }),
    });
    expect(await response.body.json()).toEqual({ data: { deleteEvent: { __typename: 'DeleteEventSuccess' } } });
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'cronofy batch call', entries: 1, statuses: [202] }));
  });

  it('serves /health and /metrics', async () => {
    expect((await request(url.replace('/graphql', '/health'))).statusCode).toBe(200);
    const metrics = await (await request(url.replace('/graphql', '/metrics'))).body.text();
    expect(metrics).toContain('cronofy_upstream_requests_total{data_center="us",outcome="answered"} 1');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
