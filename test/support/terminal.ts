import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { vi } from 'vitest';

export interface TerminalProcess {
  child: ChildProcess;
  /** What the terminal showed so far, colours and carriage returns removed. */
  output(): string;
  /** Waits until the output matches, and answers the match. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Ctrl-C, as a person stops it; resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

const SCRIPT = '/usr/bin/script';

/**
 * A shell command run with its stdout on a pseudo-terminal, as when a person types it: util-linux's
 * `script` (Debian's bsdutils, installed everywhere) gives it the terminal.
 *
 * ```ts
 * const terminal = startInTerminal('npm start', { PORT: '0' });
 * const [, url] = await terminal.waitFor(/GraphiQL at (\S+)/);
 * expect(await terminal.interrupt()).toBe(0);
 * ```
 */
export function startInTerminal(command: string, env: NodeJS.ProcessEnv): TerminalProcess {
  if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: sudo apt-get install -y bsdutils`);
  // -e: its exit code is the command's; -f: output as it comes.
  const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  child.stdout!.on('data', (chunk: Buffer) => (raw += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (raw += chunk));
  const output = () => raw.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, '');
  return {
    child,
    output,
    async waitFor(pattern, timeoutMs = 15_000) {
      return vi.waitFor(
        () => {
          const match = pattern.exec(output());
          if (!match) throw new Error(`${pattern} not seen yet; the terminal shows:\n${output()}`);
          return match;
        },
        { timeout: timeoutMs, interval: 20 },
      );
    },
    async interrupt() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.stdin!.write('\u0003');
      return (await exited)[0] as number | null;
    },
  };
}
