import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brokenLinks, githubSlug, headingAnchors, markdownLinks } from '../support/markdown.js';

/** Every link of README.md and docs/*.md leads to a file that exists, and to a heading of it when it names one. */
const pages = [
  'README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

describe('links in README.md and docs/', () => {
  it.each(pages)('%s: every link to a file of the repository resolves, anchor included', (page) => {
    expect(brokenLinks(page, readFileSync(page, 'utf8'))).toEqual([]);
  });

  it('the README links every page of docs/', () => {
    const linked = new Set(markdownLinks(readFileSync('README.md', 'utf8')).map(({ target }) => target.split('#')[0]));
    expect(pages.filter((page) => page !== 'README.md' && !linked.has(page))).toEqual([]);
  });

  it('checks links that point inside the repository (the check above is not vacuous)', () => {
    const internal = pages.flatMap((page) => markdownLinks(readFileSync(page, 'utf8'))).filter(({ target }) => !/^[a-z]+:/i.test(target));
    expect(internal.length).toBeGreaterThan(50);
    expect(internal.filter(({ target }) => target.includes('#')).length).toBeGreaterThan(25);
  });
});

describe('the link check', () => {
  it('makes anchors as GitHub does: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
    expect(githubSlug('Fleet (scenario 6)')).toBe('fleet-scenario-6');
    expect(githubSlug('Property test (`test/property.test.ts`)')).toBe('property-test-testpropertytestts');
    expect(githubSlug('GraphiQL, offline')).toBe('graphiql-offline');
    expect(githubSlug('`MAX_BODY_BYTES` and [limits](x.md)')).toBe('max_body_bytes-and-limits');
    expect(githubSlug('What — why')).toBe('what--why');
    expect([...headingAnchors('# Runs\n## Runs\n```sh\n# Runs\n```\n### Runs\n')]).toEqual(['runs', 'runs-1', 'runs-2']);
  });

  it('reports a missing file, a missing anchor (a link over two lines too) and an anchor into a file that is not Markdown, and skips code', () => {
    const page = [
      'A [good link](docs/fleet.md#load-balancing) and [one to this page](#a-heading).',
      '## A heading',
      'A [missing file](docs/no-such-page.md), a [missing anchor](docs/fleet.md#no-such-heading),',
      'an [anchor into a script](.ci/run#top), a [missing anchor here](#nowhere), `[code](not-a-link.md)`',
      'and [an external one](https://example.com/#anything), and [a link broken',
      'over two lines](#elsewhere).',
      '```sh',
      '[in a code block](nowhere.md)',
      '```',
    ].join('\n');
    expect(brokenLinks('README.md', page)).toEqual([
      'README.md:3: (docs/no-such-page.md): docs/no-such-page.md does not exist',
      'README.md:3: (docs/fleet.md#no-such-heading): no heading of docs/fleet.md has the anchor #no-such-heading',
      'README.md:4: (.ci/run#top): an anchor into .ci/run, which is not Markdown',
      'README.md:4: (#nowhere): no heading of README.md has the anchor #nowhere',
      'README.md:5: (#elsewhere): no heading of README.md has the anchor #elsewhere',
    ]);
  });
});
