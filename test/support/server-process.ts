import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ServerProcess {
  child: ChildProcess;
  /** The GraphQL URL the process announced. */
  url: string;
  /** Everything it wrote to stdout (and stderr, unless inherited) so far. */
  output(): string;
  /** SIGTERM, unless it has exited already; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The service as a real process (`src/main.ts` through tsx, or `dist/main.js`), on a free port,
 * resolved once it has announced its URL.
 *
 * ```ts
 * const server = await startServerProcess({ CRONOFY_API_URL: simulator.url });
 * await fetch(server.url, …); await server.stop();
 * ```
 */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  options: {
    entry?: string[];
    inheritStderr?: boolean;
    /** Drop the shell's upstream and host settings, as a newcomer's shell has none. */
    simulatorMode?: boolean;
  } = {},
): Promise<ServerProcess> {
  const { entry = ['--import', 'tsx', 'src/main.ts'], inheritStderr = false, simulatorMode = false } = options;
  const base: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  if (simulatorMode) for (const name of ['CRONOFY_API_URL', 'CRONOFY_DATA_CENTER', 'HOST']) delete base[name];
  const child = spawn(process.execPath, entry, {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', inheritStderr ? 'inherit' : 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /GraphQL(?: and GraphiQL)? at (http[^\s"]+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${entry.at(-1)} exited with ${code}:\n${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      return (await exited)[0] as number | null;
    },
  };
}
