import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Why `npm start` may be serving code older than what is in src/, or undefined when it is not.
 *
 * `npm start` runs dist/ as built (by `npm ci`/`npm install` through `prepare`, or `npm run build`)
 * and compiles nothing: a file under src/ changed since then is not served until the next build.
 * Checked with one `stat` per source file (a few milliseconds), not by compiling. Running from
 * src/ (`npm run dev`, tests) or from an image without src/ (Docker) there is nothing to compare.
 *
 * ```ts
 * const stale = staleBuild(import.meta.url);
 * if (stale) logger.warn(stale);
 * ```
 */
export function staleBuild(entryUrl: string): string | undefined {
  const entry = fileURLToPath(entryUrl);
  const built = dirname(entry);
  const root = dirname(built);
  const sources = join(root, 'src');
  if (basename(built) !== 'dist' || !existsSync(sources)) return undefined;
  const builtAt = statSync(entry).mtimeMs;
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const name of readdirSync(sources, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts')) continue;
    const path = join(sources, name);
    const { mtimeMs } = statSync(path);
    if (mtimeMs > builtAt && (!newest || mtimeMs > newest.mtimeMs)) newest = { path, mtimeMs };
  }
  if (!newest) return undefined;
  return (
    `${relative(root, newest.path)} changed after the last build: this serves dist/ as built at ` +
    `${new Date(builtAt).toLocaleString()}, without that change. Run \`npm run build\` and start again, ` +
    'or `npm run dev` to serve src/ and restart on every change.'
  );
}
