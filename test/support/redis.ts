import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';

/** Debian's `redis-server`, or REDIS_SERVER_PATH. `.ci/run` installs the package when it is missing. */
const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/**
 * A real `redis-server` of the test's own, on a free loopback port, with nothing persisted. It
 * can be stopped and started again on the same port, as an outage would look to the service.
 *
 * ```ts
 * const redis = await startRedis();
 * const server = await startStack({ env: { REDIS_URL: redis.url } });
 * await redis.stop(); … await redis.start();
 * await redis.close();
 * ```
 */
export interface RedisProcess {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Starts the server (again) on the same port, empty. */
  start(): Promise<void>;
  /** Kills the server as a crash would (SIGKILL): connections drop without a goodbye. */
  stop(): Promise<void>;
  /** Stops it for good. */
  close(): Promise<void>;
}

export async function startRedis(): Promise<RedisProcess> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `The fleet tests need a real Redis at ${REDIS_SERVER}. Install Debian's package with ` +
        '"sudo apt-get install -y --no-install-recommends redis-server" (.ci/run does this), or set REDIS_SERVER_PATH.',
    );
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  const redis: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      if (child) return;
      const started = spawn(
        REDIS_SERVER,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child = started;
      let stderr = '';
      started.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const deadline = Date.now() + 10_000;
      while (!(await accepts(port))) {
        if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} within 10 s: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
    close: () => redis.stop(),
  };
  await redis.start();
  return redis;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
