import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as generated from '../../examples/generated/graphql.js';

describe('generated files', () => {
  it('schema.graphql and examples/generated/ (persisted-documents.json included) are what `npm run codegen` writes from the schema and examples/operations/', async () => {
    // `--check` runs the whole codegen.ts configuration and fails if any output would change.
    const run = promisify(execFile)('npm', ['run', '--silent', 'codegen', '--', '--check'], { cwd: process.cwd() });
    await expect(
      run.then(
        () => 'current',
        (error: { stdout?: string; stderr?: string }) => `stale:\n${error.stdout}${error.stderr}`,
      ),
    ).resolves.toBe('current');
  });

  it('the manifest holds every example operation under the id its typed document carries, sha256:<hex> of its text', () => {
    const manifest = JSON.parse(readFileSync('examples/generated/persisted-documents.json', 'utf8')) as Record<string, string>;
    const operations = Object.entries(generated).filter(([name]) => name.endsWith('Document'));
    const ids = operations.map(([, document]) => (document as unknown as { __meta__: { hash: string } }).__meta__.hash);

    expect(operations.map(([name]) => name).sort()).toEqual([
      'CancelEventDocument',
      'PlanTheWeekDocument',
      'SendBatchDocument',
      'ServiceDocument',
      'UpsertEventDocument',
    ]);
    expect(Object.keys(manifest).sort()).toEqual([...ids].sort());
    for (const [id, text] of Object.entries(manifest)) {
      expect(id).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    }
  });
});
