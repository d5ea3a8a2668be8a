import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('generated files', () => {
  it('schema.graphql and examples/generated/ are what `npm run codegen` writes from the schema and examples/operations/', async () => {
    // `--check` runs the whole codegen.ts configuration and fails if any output would change.
    const run = promisify(execFile)('npm', ['run', '--silent', 'codegen', '--', '--check'], { cwd: process.cwd() });
    await expect(
      run.then(
        () => 'current',
        (error: { stdout?: string; stderr?: string }) => `stale:\n${error.stdout}${error.stderr}`,
      ),
    ).resolves.toBe('current');
  });
});
