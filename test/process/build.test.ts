import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { startInTerminal, type TerminalProcess } from '../support/terminal.js';

/**
 * What `npm start` and the Docker image run: `npm run build` (or `prepare`, on `npm ci`) compiles
 * to dist/, and `node dist/main.js` serves without tsx or any dev dependency's help, compiling
 * nothing. How fast it answers is the benchmark's (start-up scenario), not a test's.
 */
let server: ServerProcess;

beforeAll(async () => {
  // `npm test` has type-checked these files already: the build only needs to emit them here.
  await promisify(execFile)('npm', ['run', 'build', '--', '--noCheck'], { env: process.env });
  server = await startServerProcess({ LOG_LEVEL: 'debug' }, { entry: ['dist/main.js'], inheritStderr: true, simulatorMode: true });
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
    expect(lines).toContainEqual(expect.objectContaining({ level: 20, msg: 'cronofy batch call', entries: 1, statuses: [202] }));
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

/** Every file of dist/ with its modification time: what a build would change. */
function builtFiles(): Map<string, number> {
  const files = readdirSync('dist', { recursive: true, encoding: 'utf8' });
  return new Map(files.map((name) => [name, statSync(join('dist', name)).mtimeMs]));
}

/** A newcomer's shell: no upstream, no host, no log settings of the developer's. */
function newcomerEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  for (const name of ['CRONOFY_API_URL', 'CRONOFY_DATA_CENTER', 'HOST', 'NODE_ENV', 'LOG_FORMAT', 'LOG_LEVEL']) delete base[name];
  return { ...base, ...env };
}

describe('npm start in a terminal, as a newcomer types it', () => {
  let terminal: TerminalProcess;
  let before: Map<string, number>;
  let url: string;

  beforeAll(async () => {
    before = builtFiles();
    terminal = startInTerminal('npm start', newcomerEnv());
    [, url = ''] = await terminal.waitFor(/GraphQL and GraphiQL at (http\S+)/, 30_000);
    await terminal.waitFor(/First mutation: .*\n/);
  }, 40_000);

  afterAll(() => terminal?.interrupt());

  it('runs dist/ as built: npm start has no build step, and no file of dist/ is written', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('node dist/main.js');
    expect(scripts.prestart).toBeUndefined();
    // Where the build happens instead: npm ci and npm install run `prepare`.
    expect(scripts.prepare).toBe('npm run build');
    expect(builtFiles()).toEqual(before);
  });

  it('says in its first lines where GraphiQL is, which Cronofy it writes to, and how to send a first mutation', () => {
    // After npm's own two lines (`> cronofy-batch-graphql@0.1.0 start`, `> node dist/main.js`).
    const lines = terminal
      .output()
      .split('\n')
      .filter((line) => /^\d\d:\d\d:\d\d /.test(line))
      .slice(0, 3);
    expect(terminal.output()).toMatch(/^\s*> cronofy-batch-graphql@[\d.]+ start\n> node dist\/main\.js\n\n\d\d:/);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d INFO +Simulator mode: .* writes go to the embedded Cronofy simulator at http:\/\/127\.0\.0\.1:\d+\./,
    );
    expect(lines[1]).toMatch(/INFO +GraphQL and GraphiQL at http:\/\/127\.0\.0\.1:\d+\/graphql \(open it in a browser/);
    expect(lines[2]).toContain(`INFO  First mutation: curl -s ${url} -H 'content-type: application/json' -d '`);
    // Short lines for a person: no JSON, no pid or hostname.
    for (const line of lines) expect(line).not.toMatch(/^\{|"level"|pid=|hostname=/);
  });

  it('prints a first mutation that works as printed', async () => {
    const body = /First mutation: curl .* -d '(.*)'\n/.exec(terminal.output())?.[1] ?? '';
    const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await response.body.json()).toEqual({ data: { deleteEvent: { __typename: 'DeleteEventSuccess' } } });
    await terminal.waitFor(/INFO +cronofy batch call +dataCenter=us entries=1 statuses=\[202\]/);
  });

  it('stops on Ctrl-C', async () => {
    // npm answers 130 for a script stopped by Ctrl-C (the shell it runs the script in dies of the SIGINT too).
    expect([0, 130]).toContain(await terminal.interrupt());
    expect(terminal.output()).toMatch(/INFO +SIGINT: no new requests/);
  });
});

describe('log format', () => {
  it('is JSON on a terminal when LOG_FORMAT=json says so', async () => {
    const terminal = startInTerminal('exec node dist/main.js', newcomerEnv({ LOG_FORMAT: 'json' }));
    try {
      await terminal.waitFor(/GraphQL and GraphiQL at/);
      const lines = terminal.output().trim().split('\n');
      expect(lines.map((line) => JSON.parse(line) as unknown)).toContainEqual(
        expect.objectContaining({ level: 30, msg: expect.stringMatching(/^GraphQL and GraphiQL at /) }),
      );
      expect(terminal.output()).not.toContain('First mutation');
    } finally {
      await terminal.interrupt();
    }
  });

  it('is JSON on a terminal with NODE_ENV=production', async () => {
    const env = newcomerEnv({ NODE_ENV: 'production', CRONOFY_API_URL: 'http://127.0.0.1:9' });
    const terminal = startInTerminal('exec node dist/main.js', env);
    try {
      await terminal.waitFor(/GraphQL at/);
      const lines = terminal.output().trim().split('\n');
      expect(lines.map((line) => JSON.parse(line) as { msg: string }).map((entry) => entry.msg)).toContain(
        "Cronofy: writes go to http://127.0.0.1:9 (CRONOFY_API_URL); each request's Authorization: Bearer token says whose calendars.",
      );
    } finally {
      await terminal.interrupt();
    }
  });

  it('is short lines on a pipe when LOG_FORMAT=pretty says so', async () => {
    const server = await startServerProcess({ LOG_FORMAT: 'pretty' }, { entry: ['dist/main.js'], simulatorMode: true });
    try {
      expect(server.output()).toMatch(/^\d\d:\d\d:\d\d INFO +Simulator mode: /);
      expect(server.output()).toMatch(/\n\d\d:\d\d:\d\d INFO +GraphQL and GraphiQL at http/);
      // No terminal, no colours.
      expect(server.output()).not.toContain('\u001b[');
    } finally {
      await server.stop();
    }
  });

  it('keeps serving when the reader of its short lines goes away (npm start | head -1)', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: newcomerEnv({ LOG_FORMAT: 'pretty' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk;
          const match = /GraphQL and GraphiQL at (http\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      // As `head` does once it has its line: the pipe's reading end closes.
      child.stdout.destroy();
      // A write logs a line into the closed pipe.
      const answer = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { deleteEvent(input: { calendarId: "cal_demo_work", eventId: "gone" }) { __typename } }' }),
      });
      expect(await answer.body.json()).toEqual({ data: { deleteEvent: { __typename: 'DeleteEventSuccess' } } });
      const health = await request(new URL('/health', url));
      expect(health.statusCode).toBe(200);
      await health.body.dump();
      expect(child.exitCode).toBeNull();
    } finally {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    }
  });

  it('refuses an unknown LOG_FORMAT', async () => {
    const { code, stderr } = await run(['dist/main.js'], newcomerEnv({ LOG_FORMAT: 'yaml' }));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Configuration error: LOG_FORMAT must be json or pretty; got "yaml".');
  });
});

describe('start-up problems, each said in one line', () => {
  it('a port in use: names it, says to set PORT, and exits 1 without a stack', async () => {
    const taken = createNetServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { code, stdout, stderr } = await run(['dist/main.js'], newcomerEnv({ PORT: String(port), LOG_FORMAT: 'json' }));
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([
        `Configuration error: port ${port} on 127.0.0.1 is in use (another program, or an earlier start still running); set PORT to a free port, e.g. PORT=${port + 1}.`,
      ]);
      expect(stdout).not.toContain('GraphQL and GraphiQL at');
    } finally {
      taken.close();
    }
  });

  it('a source changed since the build: says that dist/ is older and how to rebuild', async () => {
    // A copy of the checkout, so that the real src/ keeps its times.
    const root = mkdtempSync(join(tmpdir(), 'stale-build-'));
    try {
      cpSync('dist', join(root, 'dist'), { recursive: true });
      symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
      writeFileSync(join(root, 'package.json'), readFileSync('package.json'));
      mkdirSync(join(root, 'src', 'schema'), { recursive: true });
      const source = join(root, 'src', 'schema', 'events.ts');
      writeFileSync(source, '// edited\n');
      const earlier = new Date(Date.now() - 60_000);
      utimesSync(source, earlier, earlier);
      const fresh = await startServerProcess({}, { entry: [join(root, 'dist', 'main.js')], simulatorMode: true });
      await fresh.stop();
      expect(fresh.output()).not.toContain('changed after the last build');

      const later = new Date(Date.now() + 60_000);
      utimesSync(source, later, later);
      const stale = await startServerProcess({}, { entry: [join(root, 'dist', 'main.js')], simulatorMode: true });
      await stale.stop();
      const warning = stale
        .output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .find((entry) => entry.level === 40);
      expect(warning?.msg).toMatch(
        /^src\/schema\/events\.ts changed after the last build: this serves dist\/ as built at .*, without that change\. Run `npm run build` and start again, or `npm run dev`/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** Runs node with `args` to its end. */
async function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
