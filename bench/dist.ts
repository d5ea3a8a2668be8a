import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { staleBuild } from '../src/stale-build.js';

/** What `npm start` runs. */
export const ENTRY = 'dist/main.js';

/** Builds dist/ when it is missing or older than src/, so what is measured is the code as it stands. */
export function ensureBuilt(): void {
  if (!existsSync(ENTRY) || staleBuild(pathToFileURL(ENTRY).href)) {
    process.stderr.write('dist/ is missing or older than src/: npm run build…\n');
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  }
}

/** A Node process started with `args`, once its stdout says `ready` (a pattern whose first group is a URL). */
export async function startNode(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

export async function stopNode(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/**
 * CPU time a process has used so far, every thread of it, in ms: Linux's scheduler statistics,
 * to the nanosecond (`/proc/<pid>/stat` counts in 10 ms ticks, too coarse for an idle process).
 */
export function cpuMsOf(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return ns / 1e6;
}
