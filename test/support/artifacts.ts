import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIRECTORY = fileURLToPath(new URL('../artifacts/', import.meta.url));

/**
 * Writes figures a test measured to `test/artifacts/<name>.json` (git-ignored), for the docs
 * and the notes to quote.
 *
 * ```ts
 * writeArtifact('soak', { requests, mutations, misrouted: 0 });
 * ```
 */
export function writeArtifact(name: string, data: unknown): string {
  mkdirSync(DIRECTORY, { recursive: true });
  const path = `${DIRECTORY}${name}.json`;
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}
