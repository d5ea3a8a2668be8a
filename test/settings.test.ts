import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

/** Every environment variable the service reads is listed in .env.example and in the README's table, and nothing else is. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_target, name) => {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env);
  return [...read].sort();
}

const listed = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1]!).sort();

describe('settings', () => {
  const names = variablesRead();

  it('loadConfig reads the settings one expects (the check below is not vacuous)', () => {
    expect(names).toEqual(expect.arrayContaining(['PORT', 'HOST', 'CRONOFY_DATA_CENTER', 'CRONOFY_CLIENT_SECRET', 'LOG_LEVEL']));
  });

  it('.env.example lists each of them with its default, and no other', () => {
    const example = readFileSync('.env.example', 'utf8');
    expect(listed(example, /^#? ?([A-Z][A-Z0-9_]*)=/gm)).toEqual(names);
  });

  it("the README's configuration table has a row for each of them, and no other", () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = /^## Configuration\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    expect(listed(table, /^\| `([A-Z][A-Z0-9_]*)` \|/gm)).toEqual(names);
  });
});
