import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A message a bench process answers: `{ id, type, ...arguments }` in, `{ id, ...answer }` out. */
export interface Request {
  type: string;
  [key: string]: unknown;
}

/** One process of the benchmark (simulator, server or baseline), driven over its IPC channel. */
export interface BenchProcess {
  url: string;
  pid: number;
  ask<T = Record<string, unknown>>(request: Request): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Forks `bench/<file>` as its own Node process (through tsx) and waits until it reports the URL
 * it listens on. Each process gets its own CPU time, as the simulator, the service and a
 * gateway would in a deployment.
 *
 * ```ts
 * const simulator = await startProcess('simulator-process.ts', { BENCH_LATENCY_MS: '20' });
 * const { calls } = await simulator.ask<{ calls: number }>({ type: 'stats' });
 * ```
 */
export async function startProcess(file: string, env: Record<string, string> = {}, nodeOptions: string[] = []): Promise<BenchProcess> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...nodeOptions],
    env: { ...process.env, ...env },
    // The service logs a JSON line per upstream call: written, as in production, but not shown.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { type?: string; url?: string }) =>
      message.type === 'ready' && message.url
        ? resolve(message.url)
        : reject(new Error(`${file} did not start: ${JSON.stringify(message)}`)),
    );
    child.once('exit', (code) => reject(new Error(`${file} exited with code ${code} before it was ready.`)));
  });

  let next = 0;
  const pending = new Map<number, (answer: any) => void>();
  child.on('message', (message: { id?: number }) => {
    if (message.id !== undefined) pending.get(message.id)?.(message);
    pending.delete(message.id!);
  });
  return {
    url,
    pid: child.pid!,
    ask: (request) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        child.send({ ...request, id });
      }),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The CPU time (user and system) this process has used so far: every bench process answers `cpu` with it. */
export function cpuUsed(): { cpuMicros: number } {
  const { user, system } = process.cpuUsage();
  return { cpuMicros: user + system };
}

/** In a child: answers the parent's requests and reports the URL once listening. */
export function serve(url: string, handlers: Record<string, (request: Request) => unknown>, stop: () => Promise<void>): void {
  process.on('message', async (message: Request & { id: number }) => {
    const handler = handlers[message.type];
    const answer = handler ? await handler(message) : { error: `unknown request "${message.type}"` };
    process.send!({ ...(answer as object), id: message.id });
  });
  const exit = () => void stop().finally(() => process.exit(0));
  process.once('SIGTERM', exit);
  process.once('disconnect', exit);
  process.send!({ type: 'ready', url });
}
