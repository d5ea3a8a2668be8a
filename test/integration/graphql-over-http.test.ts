import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, describe, expect, it } from 'vitest';
import { useStack } from '../support/stack.js';

const stack = useStack();

// graphql-http's audits of the GraphQL over HTTP spec, each a real request to the real server.
const audits = serverAudits({ url: () => stack.server.url, fetchFn: fetch });
const results: AuditResult[] = [];

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  const must = audits.filter((audit) => audit.name.startsWith('MUST'));
  const should = audits.filter((audit) => audit.name.startsWith('SHOULD'));
  const may = audits.filter((audit) => audit.name.startsWith('MAY'));

  describe.each([
    ['MUST', must],
    ['SHOULD', should],
  ])('every %s', (_level, list) => {
    it.each(list.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))('%s', async (_name, audit) => {
      const result = await audit.fn();
      results.push(result);
      // The reason says what the server did instead, e.g. the status or content type it answered with.
      expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
    });
  });

  // MAY audits are options, not requirements: run for the record below, never failed on.
  afterAll(async () => {
    for (const audit of may) results.push(await audit.fn());
    const summary = ['MUST', 'SHOULD', 'MAY'].map((level) => {
      const ofLevel = results.filter((result) => result.name.startsWith(`${level} `));
      return `${level} ${ofLevel.filter((result) => result.status === 'ok').length}/${ofLevel.length}`;
    });
    const notMet = results.filter((result) => result.status !== 'ok').map((result) => `  ${result.status} ${result.id} ${result.name}`);
    console.info(['GraphQL over HTTP audits passed: ' + summary.join(', '), ...notMet].join('\n'));
  });
});
