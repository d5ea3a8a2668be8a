import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../../../src/http/document-cache.js';

const cache = (maxBytes: number, maxEntryBytes = maxBytes) =>
  new DocumentCache<string>({ maxBytes, maxEntryBytes, bytesOf: (source) => source.length });

describe('DocumentCache', () => {
  it('keeps entries within its byte budget, dropping the least recently used first', () => {
    const documents = cache(10);
    documents.set('aaaa', 'A');
    documents.set('bbbb', 'B');
    expect(documents.get('aaaa')).toBe('A'); // now the most recent
    documents.set('cccc', 'C'); // 12 bytes: the least recently used, bbbb, goes
    expect(documents.get('bbbb')).toBeUndefined();
    expect(documents.get('aaaa')).toBe('A');
    expect(documents.get('cccc')).toBe('C');
    expect(documents.bytes).toBe(8);
  });

  it('does not keep an entry over maxEntryBytes, and counts a replaced entry once', () => {
    const documents = cache(100, 5);
    documents.set('x'.repeat(6), 'big');
    expect(documents.size).toBe(0);
    documents.set('abc', 'one');
    documents.set('abc', 'two');
    expect(documents.get('abc')).toBe('two');
    expect(documents.bytes).toBe(3);
  });

  it('never holds more than its budget, whatever is set', () => {
    const documents = cache(1000, 300);
    for (let i = 0; i < 10_000; i++) documents.set(`${i}`.padEnd((i * 7919) % 400, '.'), 'v');
    expect(documents.bytes).toBeLessThanOrEqual(1000);
  });
});

describe('DocumentCache, used wrongly', () => {
  it('refuses an entry limit over the whole budget, saying which is which', () => {
    expect(() => cache(10, 20)).toThrow('DocumentCache: maxEntryBytes (20) must not exceed maxBytes (10).');
  });
});
