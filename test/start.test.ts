import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATION } from '../src/http/example-operation.js';

/** What a newcomer gets from `npm start` with no configuration: GraphiQL backed by the embedded simulator. */
let child: ChildProcess;
let url: string;
let output = '';

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  for (const name of ['CRONOFY_API_URL', 'CRONOFY_DATA_CENTER', 'HOST']) delete env[name];
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /GraphQL and GraphiQL at (http[^\s"]+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

describe('npm start with no configuration', () => {
  it('says it uses the embedded simulator', () => {
    expect(output).toContain('Simulator mode: neither CRONOFY_API_URL nor CRONOFY_DATA_CENTER is set');
  });

  it('serves GraphiQL with the example operation', async () => {
    const response = await request(url, { headers: { accept: 'text/html' } });
    const page = await response.body.text();
    expect(response.statusCode).toBe(200);
    expect(page).toContain('<title>Cronofy batch GraphQL</title>');
    expect(page).toContain('mutation PlanTheWeek');
  });

  it('runs the example operation against the simulator without any token', async () => {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_OPERATION }),
    });
    expect(await response.body.json()).toEqual({
      data: {
        standup: { __typename: 'UpsertEventSuccess', eventId: 'standup-monday', status: 202 },
        review: { __typename: 'UpsertEventSuccess', eventId: 'review-friday', status: 202 },
        focus: { __typename: 'UpsertAvailablePeriodSuccess', availablePeriodId: 'focus-tuesday', status: 202 },
      },
    });
  });

  it('stops on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
