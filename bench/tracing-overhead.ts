import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { CronofySimulator } from '../src/simulator/index.js';
import { stableOperation } from './operations.js';

/**
 * What tracing costs the server: CPU per 50-field operation of `npm run dev`'s process, with no
 * OTEL_* variable (`off`), and with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a sink on loopback
 * (`on`: every operation sampled, spans exported as OTLP/HTTP protobuf). With BASE_DIR, also the
 * same server from another checkout (`base`: the code before tracing, to compare `off` with).
 * Runs the modes in turn, `rounds` times, every other round in reverse order.
 *
 *   node --import tsx bench/tracing-overhead.ts [requests=2000] [rounds=6]
 *   git worktree add /tmp/base <commit> && ln -s $PWD/node_modules /tmp/base/node_modules
 *   BASE_DIR=/tmp/base OFF_ONLY=1 node --import tsx bench/tracing-overhead.ts 2000 10
 *
 * The server is a process of its own, measured from /proc (user + system, 10 ms ticks), so the
 * simulator, the client and the sink do not count. docs/tracing.md has a run.
 */
const REQUESTS = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 6);
const CONCURRENCY = 8;
const WARM_UP = 300;
const TICKS_PER_SECOND = 100;

const simulator = await CronofySimulator.start({ recordCalls: false, accounts: [{ accessToken: 'bench-token', calendarIds: ['cal_1'] }] });
let exportedBytes = 0;
const sink = createServer((request, response) => {
  request.on('data', (chunk: Buffer) => (exportedBytes += chunk.length));
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

const body = stableOperation(50);
const on = { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_SERVICE_NAME: 'bench' };
const modes: Record<string, NodeJS.ProcessEnv> = {
  ...(process.env.BASE_DIR && { base: { SERVER_DIR: process.env.BASE_DIR } }),
  off: {},
  ...(!process.env.OFF_ONLY && { on }),
};
const results: Record<string, number[]> = Object.fromEntries(Object.keys(modes).map((mode) => [mode, []]));
const bytes: Record<string, number> = Object.fromEntries(Object.keys(modes).map((mode) => [mode, 0]));
for (let round = 0; round < ROUNDS; round++) {
  // Every other round backwards, so whatever else loads the machine meanwhile favours no mode.
  const order = round % 2 === 0 ? Object.entries(modes) : Object.entries(modes).reverse();
  for (const [mode, env] of order) {
    const before = exportedBytes;
    results[mode]!.push(await measure(env));
    bytes[mode]! += exportedBytes - before;
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const medians = Object.fromEntries(Object.entries(results).map(([mode, values]) => [mode, median(values)]));
console.log(
  JSON.stringify(
    {
      requests: REQUESTS,
      rounds: ROUNDS,
      cpuMicrosPerOperation: results,
      medians,
      overheadOn: medians.on !== undefined && `${(((medians.on - medians.off!) / medians.off!) * 100).toFixed(1)} %`,
      offVsBase: medians.base && `${(((medians.off! - medians.base) / medians.base) * 100).toFixed(1)} %`,
      // Warm-up operations are exported too.
      exportedBytesPerOperation: Object.fromEntries(
        Object.entries(bytes).map(([mode, total]) => [mode, Math.round(total / ((REQUESTS + WARM_UP) * ROUNDS))]),
      ),
    },
    null,
    2,
  ),
);
sink.close();
await simulator.close();

/** Starts the server with `env`, warms it, and answers its CPU per operation over `REQUESTS` operations. */
async function measure(env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      PORT: String(port),
      CRONOFY_API_URL: simulator.url,
      LOG_LEVEL: 'error',
      CRONOFY_RATE_PER_SECOND: '100000',
      CRONOFY_RATE_PER_MINUTE: '6000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: env.SERVER_DIR ?? process.cwd(),
  });
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
  try {
    await waitUntilUp(pool);
    await run(pool, WARM_UP);
    const before = cpuTicks(child.pid!);
    await run(pool, REQUESTS);
    const ticks = cpuTicks(child.pid!) - before;
    return Math.round(((ticks / TICKS_PER_SECOND) * 1e6) / REQUESTS);
  } finally {
    await pool.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function run(pool: Pool, requests: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next++ < requests) {
      const response = await pool.request({
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench-token' },
        body,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200 || text.includes('"errors"')) throw new Error(`unexpected answer: ${text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function waitUntilUp(pool: Pool): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const response = await pool.request({ path: '/health', method: 'GET' });
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

function cpuTicks(pid: number): number {
  // Fields after the command name: state is 3rd, utime 14th and stime 15th of the whole line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
