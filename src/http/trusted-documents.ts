import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
  visit,
} from 'graphql';
import type { GraphQLParams } from 'graphql-yoga';
import { ConfigError } from '../config.js';

export interface TrustedDocument {
  /** As the manifest spells it, e.g. `sha256:0f35…`. */
  id: string;
  source: string;
  document: DocumentNode;
  /** The manifest it came from, as TRUSTED_DOCUMENTS names it. */
  manifest: string;
}

/**
 * The documents of the manifests named by TRUSTED_DOCUMENTS, parsed and validated against the
 * schema once, when they load (and analysed once, by `createGraphQLHandler`): a request that sends
 * one by id is handed its `DocumentNode`.
 *
 * ```ts
 * const trusted = loadTrustedDocuments(['examples/generated/persisted-documents.json'], schema);
 * trusted?.documentOf({ documentId: 'sha256:0f35…' });
 * ```
 */
export class TrustedDocuments {
  readonly #byId = new Map<string, TrustedDocument>();
  readonly #documents = new WeakSet<DocumentNode>();

  /** Fails with the manifest's name when an id comes twice with different texts. */
  add(trusted: TrustedDocument): void {
    const key = keyOf(trusted.id);
    const known = this.#byId.get(key);
    if (known && known.source !== trusted.source) {
      throw new ConfigError(
        `TRUSTED_DOCUMENTS: ${trusted.manifest} gives the id "${trusted.id}" to another document than ${known.manifest} does. An id must name one document: regenerate both manifests, or load only one.`,
      );
    }
    if (known) return;
    this.#byId.set(key, trusted);
    this.#documents.add(trusted.document);
  }

  /**
   * `sha256:<hex>` and the bare `<hex>` name the same document: the GraphQL-over-HTTP `documentId`
   * carries the prefix, and Apollo's and urql's `sha256Hash` is, by its name, the bare hash.
   */
  get(id: string): TrustedDocument | undefined {
    return this.#byId.get(keyOf(id));
  }

  /** Whether this parsed document is one of the trusted ones (the very object, not an equal one). */
  has(document: DocumentNode): boolean {
    return this.#documents.has(document);
  }

  get size(): number {
    return this.#byId.size;
  }

  values(): IterableIterator<TrustedDocument> {
    return this.#byId.values();
  }

  /**
   * The id a request names its document by: `documentId` (GraphQL over HTTP), or
   * `extensions.persistedQuery.sha256Hash` with `version: 1` (Apollo Client's persisted-query
   * link, urql's persisted exchange).
   */
  idOf(params: GraphQLParams): string | undefined {
    const { documentId } = params as { documentId?: unknown };
    if (typeof documentId === 'string') return documentId;
    const persisted = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
    if (persisted?.version === 1 && typeof persisted.sha256Hash === 'string') return persisted.sha256Hash;
    return undefined;
  }

  /** The trusted document a request without `query` names by its id, if there is one. */
  documentOf = (params: GraphQLParams): DocumentNode | undefined => {
    if (params.query != null) return undefined;
    const id = this.idOf(params);
    return id === undefined ? undefined : this.get(id)?.document;
  };
}

const SHA256_ID = /^(?:sha256:)?([0-9a-f]{64})$/i;

function keyOf(id: string): string {
  const hash = SHA256_ID.exec(id)?.[1];
  return hash ? hash.toLowerCase() : id;
}

/**
 * What every document this server runs is held to beyond graphql-js' own rules (`servedRules`), and
 * the token limit its parser applies: a trusted document meets them when it loads, or start-up stops.
 */
export interface ServedChecks {
  rules: readonly ValidationRule[];
  maxTokens?: number;
}

/**
 * Reads each manifest: the object of id → text that graphql-codegen's client preset writes
 * (`persistedDocuments: true`), or an Apollo persisted query manifest
 * (`{ format: 'apollo-persisted-query-manifest', operations: [{ id, body }] }`). Every document
 * must parse within `served.maxTokens` and pass graphql-js' validation against `schema` with
 * `served.rules` (the limits and privacy rules requests are held to); the first that does not stops
 * start-up with a ConfigError naming the file, the id and the reason. No manifest: undefined.
 */
export function loadTrustedDocuments(
  manifests: readonly string[],
  schema: GraphQLSchema,
  served: ServedChecks = { rules: [] },
): TrustedDocuments | undefined {
  if (manifests.length === 0) return undefined;
  const trusted = new TrustedDocuments();
  for (const manifest of manifests) {
    const refuse = (problem: string) => new ConfigError(`TRUSTED_DOCUMENTS: ${manifest} ${problem}`);
    const entries = entriesOf(readManifest(manifest, refuse), refuse);
    for (const [id, source] of entries) {
      const document = checkedDocument(id, source, schema, served, refuse);
      trusted.add({ id, source, document, manifest });
    }
  }
  return trusted;
}

function readManifest(manifest: string, refuse: (problem: string) => ConfigError): unknown {
  let text: string;
  try {
    text = readFileSync(manifest, 'utf8');
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw refuse(`could not be read: there is no such file (looked for ${resolve(manifest)}).`);
    if (code === 'EISDIR') throw refuse('could not be read: it is a directory; name the JSON file itself.');
    throw refuse(`could not be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw refuse(`is not valid JSON: ${(error as Error).message}.`);
  }
}

const SHAPE =
  'A manifest is a JSON object of id → document text, as `npm run codegen` writes it (examples/generated/persisted-documents.json), or an Apollo persisted query manifest.';

function entriesOf(manifest: unknown, refuse: (problem: string) => ConfigError): Array<[string, string]> {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw refuse(
      `is not a manifest: it holds ${Array.isArray(manifest) ? 'an array' : String(manifest === null ? null : typeof manifest)}. ${SHAPE}`,
    );
  }
  let entries: Array<[string, unknown]>;
  if ((manifest as { format?: unknown }).format === 'apollo-persisted-query-manifest') {
    const { operations } = manifest as { operations?: unknown };
    if (!Array.isArray(operations)) throw refuse('is an Apollo persisted query manifest without an "operations" array.');
    entries = operations.map((operation: { id?: unknown; body?: unknown } | null, index) => {
      if (typeof operation?.id !== 'string' || operation.id === '') throw refuse(`has an operation without an id (operations[${index}]).`);
      return [operation.id, operation.body];
    });
  } else {
    entries = Object.entries(manifest);
  }
  if (entries.length === 0) throw refuse(`holds no documents. ${SHAPE}`);
  return entries.map(([id, source]) => {
    if (typeof source !== 'string' || source.trim() === '') {
      throw refuse(
        `gives the id "${id}" ${typeof source === 'string' ? 'an empty text' : `a ${source === null ? 'null' : typeof source}`} where a document's text belongs. ${SHAPE}`,
      );
    }
    return [id, source];
  });
}

function checkedDocument(
  id: string,
  source: string,
  schema: GraphQLSchema,
  served: ServedChecks,
  refuse: (problem: string) => ConfigError,
): DocumentNode {
  // `sha256:` says what the id is (GraphQL over HTTP's persisted documents): a text edited after
  // its id was computed is a manifest no client was built with.
  const declared = /^sha256:([0-9a-f]{64})$/i.exec(id)?.[1];
  if (declared && declared.toLowerCase() !== createHash('sha256').update(source).digest('hex')) {
    throw refuse(
      `gives the id "${id}" to a text whose SHA-256 is another: the text was changed after the id was computed. Regenerate the manifest (npm run codegen).`,
    );
  }
  let document: DocumentNode;
  try {
    document = parse(source, served.maxTokens === undefined ? undefined : { maxTokens: served.maxTokens });
  } catch (error) {
    throw refuse(`holds a document that does not parse (id "${id}"): ${located(error)}`);
  }
  const errors = validate(schema, document, [...specifiedRules, ...served.rules]);
  if (errors.length > 0) {
    const name = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION)?.name?.value;
    const shown = errors.slice(0, 3).map(located).join(' ');
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
    throw refuse(
      `holds a document that does not validate against this service's schema and limits (id "${id}"${name ? `, operation ${name}` : ''}): ${shown}${more} ` +
        'Regenerate the manifest from the current schema (npm run codegen), or drop the document.',
    );
  }
  return withoutTokens(document);
}

/**
 * `document` with its nodes' locations cut from the lexer's tokens. Each location links to the
 * first and last token of its node, and the tokens to each other, so a document kept for the
 * process's life kept every token: a fifth of what 400 trusted 50-field documents took (356 MB, 290 without).
 * Errors place themselves by a location's `start` and `source`, which stay.
 */
function withoutTokens(document: DocumentNode): DocumentNode {
  visit(document, {
    enter(node) {
      const location = node.loc as { startToken: unknown; endToken: unknown } | undefined;
      if (location) location.startToken = location.endToken = null;
    },
  });
  return document;
}

function located(error: unknown): string {
  if (!(error instanceof GraphQLError)) return String((error as Error)?.message ?? error);
  const at = error.locations?.[0];
  return at ? `${error.message} (line ${at.line}, column ${at.column})` : error.message;
}
