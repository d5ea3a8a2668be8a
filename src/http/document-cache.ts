/**
 * A least-recently-used cache whose budget is in bytes, for Yoga's parsed documents and parse
 * errors. Yoga's own caches count entries (1,000 of any size) and key them by the whole source,
 * so 1,000 distinct documents of 4 MB each could hold gigabytes. Here each entry costs its
 * estimated bytes (`bytesOf`), an entry that alone would take more than `maxEntryBytes` is not
 * kept at all (a large document is parsed again when it comes again), and the least recently
 * used entries go first once `maxBytes` is spent.
 *
 * ```ts
 * const documents = new DocumentCache<DocumentNode>({ maxBytes: 32 << 20, maxEntryBytes: 1 << 20, bytesOf: (source) => source.length * 40 });
 * createYoga({ schema, parserAndValidationCache: { documentCache: documents, errorCache, validationCache: true } });
 * ```
 */
export class DocumentCache<V> {
  readonly #entries = new Map<string, { value: V; bytes: number }>();
  #bytes = 0;

  constructor(
    private readonly options: {
      maxBytes: number;
      maxEntryBytes: number;
      /** What keeping `value` under the key `source` costs, in bytes. */
      bytesOf: (source: string, value: V) => number;
    },
  ) {
    if (!(options.maxEntryBytes <= options.maxBytes)) {
      throw new RangeError(`DocumentCache: maxEntryBytes (${options.maxEntryBytes}) must not exceed maxBytes (${options.maxBytes}).`);
    }
  }

  get(source: string): V | undefined {
    const entry = this.#entries.get(source);
    if (!entry) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.#entries.delete(source);
    this.#entries.set(source, entry);
    return entry.value;
  }

  set(source: string, value: V): void {
    const bytes = this.options.bytesOf(source, value);
    this.delete(source);
    if (bytes > this.options.maxEntryBytes) return;
    this.#entries.set(source, { value, bytes });
    this.#bytes += bytes;
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.options.maxBytes) break;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
  }

  delete(source: string): boolean {
    const entry = this.#entries.get(source);
    if (!entry) return false;
    this.#entries.delete(source);
    this.#bytes -= entry.bytes;
    return true;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }
}
