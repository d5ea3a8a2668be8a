import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

/**
 * Every environment variable the service reads is listed in .env.example and documented once, in
 * the README's configuration table; nothing else is listed, and no other table has a row for one.
 */
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

const configurationSection = /^## Configuration\n([\s\S]*?)^## /m;

/**
 * `file:line: NAME` for each body row of a Markdown table that is a row for one of `names`: its
 * first cell holds only variable names in backticks (`A`, or `A`, `B`), as a row of a settings table does.
 */
function tableRowsNaming(file: string, markdown: string, names: Set<string>): string[] {
  const lines = markdown.split('\n');
  const separator = /^\|[\s:|-]+\|?\s*$/;
  return lines.flatMap((line, index) => {
    if (!line.startsWith('|') || separator.test(line) || separator.test(lines[index + 1] ?? '')) return [];
    const firstCell = line.split('|')[1] ?? '';
    if (!/^\s*`[A-Z][A-Z0-9_]*`(\s*,\s*`[A-Z][A-Z0-9_]*`)*\s*$/.test(firstCell)) return [];
    return [...firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)]
      .map((match) => match[1]!)
      .filter((name) => names.has(name))
      .map((name) => `${file}:${index + 1}: ${name}`);
  });
}

describe('settings', () => {
  const names = variablesRead();

  it('loadConfig reads the settings one expects (the check below is not vacuous)', () => {
    expect(names).toEqual(expect.arrayContaining(['PORT', 'HOST', 'CRONOFY_DATA_CENTER', 'CRONOFY_CLIENT_SECRET', 'LOG_LEVEL']));
  });

  it('.env.example lists each of them with its default, and no other', () => {
    const example = readFileSync('.env.example', 'utf8');
    expect(listed(example, /^#? ?([A-Z][A-Z0-9_]*)=/gm)).toEqual(names);
  });

  it("the README's configuration table has exactly one row for each of them, and no other", () => {
    const readme = readFileSync('README.md', 'utf8');
    const rows = listed(configurationSection.exec(readme)?.[1] ?? '', /^\| `([A-Z][A-Z0-9_]*)` \|/gm);
    expect(rows.filter((name, index) => rows.indexOf(name) !== index)).toEqual([]);
    expect(rows).toEqual(names);
  });

  it('no other table, in the README or in docs/, has a row for one of them (prose may name them)', () => {
    const readme = readFileSync('README.md', 'utf8').replace(configurationSection, '## ');
    const pages = readdirSync('docs')
      .filter((name) => name.endsWith('.md'))
      .map((name) => [`docs/${name}`, readFileSync(`docs/${name}`, 'utf8')] as const);
    const rows = [['README.md', readme] as const, ...pages].flatMap(([file, text]) => tableRowsNaming(file, text, new Set(names)));
    expect(rows).toEqual([]);
  });

  it('finds a second row for a variable in a table of another page (the check above is not vacuous)', () => {
    const page = [
      '| variable | default |',
      '| --- | --- |',
      '| `REDIS_URL` | unset |',
      '| `NOT_READ` | – |',
      '| `HOST`, `PORT` | – |',
      '| the value of `PORT` | – |',
      '',
      '| a bound | `PORT` |',
    ].join('\n');
    expect(tableRowsNaming('docs/x.md', page, new Set(names))).toEqual([
      'docs/x.md:3: REDIS_URL',
      'docs/x.md:5: HOST',
      'docs/x.md:5: PORT',
    ]);
  });
});
