import type { DestinationStream } from 'pino';

/** What a person reads at a terminal: `LOG_FORMAT=pretty`. */
export interface ConsoleOptions {
  /** ANSI colours for the level and the fields (off with NO_COLOR, or when `out` is not a terminal). */
  colors: boolean;
}

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '90' },
  30: { name: 'INFO ', color: '32' },
  40: { name: 'WARN ', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '31' },
};

/** In every line pino writes, and of no use to someone reading along. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);

/**
 * A pino destination that writes each JSON line as one short line for a person:
 * `09:41:07 INFO  cronofy batch call  dataCenter=us entries=3 statuses=[202,202,202] durationMs=4.2`.
 * Fields whose value the message already says, and empty lists, are left out; an error's stack
 * follows its line.
 *
 * ```ts
 * pino({ level: 'info' }, consoleLines(process.stdout, { colors: process.stdout.hasColors() }));
 * ```
 *
 * pino's redaction runs before this sees the line, so nothing redacted comes back here.
 */
export function consoleLines(out: NodeJS.WritableStream, options: ConsoleOptions): DestinationStream {
  // A reader that went away (`npm start | head`) ends the lines, not the service, as with JSON lines.
  let closed = false;
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return { write: (line: string) => void (closed || out.write(consoleLine(line, options))) };
}

/** One JSON line of pino's (ending in a newline) as its console form, also ending in a newline. */
export function consoleLine(json: string, { colors }: ConsoleOptions): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const paint = (code: string, text: string) => (colors ? `\u001b[${code}m${text}\u001b[0m` : text);
  const level = LEVELS[entry.level as number] ?? { name: String(entry.level), color: '0' };
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '';
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  const words = new Set(message.split(/\s+/).map((word) => word.replace(/^[("'`]+|[)"'`.,;:]+$/g, '')));
  let stack = '';
  const fields: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (HIDDEN.has(key) || value === undefined) continue;
    if (key === 'err' && value && typeof value === 'object') {
      const { message: text, stack: trace } = value as { message?: unknown; stack?: unknown };
      if (typeof trace === 'string') stack = `\n${trace.replace(/^/gm, '    ')}`;
      else if (typeof text === 'string') fields.push(`err=${text}`);
      continue;
    }
    if (typeof value === 'string' && words.has(value)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    fields.push(`${key}=${typeof value === 'string' && !/[\s"]/.test(value) ? value : JSON.stringify(value)}`);
  }
  const tail = fields.length > 0 ? `  ${paint('2', fields.join(' '))}` : '';
  return `${paint('2', time)} ${paint(level.color, level.name)} ${message}${tail}${stack}\n`;
}
