import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer } from '../../src/server.js';
import { CronofySimulator, DEMO_ACCESS_TOKEN } from '../../src/simulator/index.js';

/**
 * The server under attack, in a process of its own so that its RSS and event-loop delay are its
 * own and not the test runner's. Wired as `npm start` wires simulator mode: the embedded simulator
 * (calls not recorded, so its memory stays flat) and the real server, with the demo token standing
 * in for a missing Authorization header, so no request needs a token.
 *
 * Spawned by `target.ts` as `node --expose-gc --import tsx test/hostile/server-process.ts` with an
 * IPC channel. It sends `{ type: 'ready', url }` once listening and answers each
 * `{ type: 'stats', id, gc? }` with `{ type: 'stats', id, stats: ServerStats }`.
 */

export interface ServerStats {
  rssBytes: number;
  heapUsed: number;
  /** CPU time the process has used since it started, user and system, in ms. */
  cpuMs: number;
  /** Worst event-loop delay since the previous stats message (the histogram is reset on each). */
  eventLoopMaxMs: number;
  /** Batch calls the simulator received since start, 401s included. */
  upstreamCalls: number;
  /** Of those, the calls it refused with 401. */
  unauthorizedCalls: number;
  /** Entries of the calls it accepted. */
  upstreamEntries: number;
}

export type StatsRequest = { type: 'stats'; id: number; gc?: boolean };
export type ServerMessage = { type: 'ready'; url: string } | { type: 'stats'; id: number; stats: ServerStats };

const send = (message: ServerMessage) => process.send!(message);

const RESOLUTION_MS = 10;
const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
delay.enable();

const simulator = await CronofySimulator.start({ recordCalls: false });
let entries = 0;
// Called for every call the simulator accepts; it injects nothing, it only counts.
simulator.faultPlan = (call) => {
  entries += call.entries.length;
  return undefined;
};

const config = { ...loadConfig({ ...process.env, CRONOFY_API_URL: simulator.url }), port: 0, demoAccessToken: DEMO_ACCESS_TOKEN };
const server = await startServer(config, { logger: createLogger(config.logLevel) });

process.on('message', (message: StatsRequest) => {
  if (message.type !== 'stats') return;
  // The histogram records a block when its timer next fires, so a message read in the same turn
  // as the end of a block is read after a timer due later. And its first interval after a reset
  // is not recorded, so the answer (after which the next request comes) waits for one more.
  setTimeout(() => {
    const stats = statsNow(message.gc);
    delay.reset();
    setTimeout(() => send({ type: 'stats', id: message.id, stats }), 2 * RESOLUTION_MS);
  }, 2 * RESOLUTION_MS);
});

function statsNow(gc = false): ServerStats {
  if (gc) globalThis.gc?.();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rssBytes: memory.rss,
    heapUsed: memory.heapUsed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    eventLoopMaxMs: delay.max / 1e6,
    upstreamCalls: simulator.receivedCalls + simulator.unauthorizedCalls,
    unauthorizedCalls: simulator.unauthorizedCalls,
    upstreamEntries: entries,
  };
}

// The test runner went away: nothing is left to attack.
process.on('disconnect', () => process.exit(0));

send({ type: 'ready', url: server.url });
