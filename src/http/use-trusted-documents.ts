import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { TrustedDocuments } from './trusted-documents.js';

/**
 * Runs documents sent by id from the manifests of TRUSTED_DOCUMENTS (see `loadTrustedDocuments`),
 * through Yoga's persisted-operations plugin: `documentId` (GraphQL over HTTP, in a JSON body or
 * the query string), or `extensions.persistedQuery.sha256Hash` (Apollo Client's persisted-query
 * link, urql's persisted exchange). The request is handed the document parsed and validated when
 * the manifest loaded, against graphql-js' rules and those this server adds (limits,
 * introspection, `_service`: `servedRules`), so nothing is parsed or validated again.
 *
 * With `only`, a request carrying a document's text is refused whole (`PERSISTED_QUERY_ID_REQUIRED`,
 * HTTP 400) before anything parses it: placed before `useRequestLimits`, which parses documents
 * to count their writes, and given `trusted.documentOf` so it counts those sent by id.
 *
 * ```ts
 * const trusted = loadTrustedDocuments(config.trustedDocuments.manifests, schema, { rules: servedRules(config), maxTokens: config.limits.tokens });
 * createYoga({
 *   schema,
 *   extraParamNames: ['documentId'],
 *   plugins: [useTrustedDocuments(trusted, { only: true }), useRequestLimits(schema, limits, documents, trusted.documentOf)],
 * });
 * ```
 *
 * Error codes are those Apollo's tools use, so clients built for them react as they should: an
 * unknown id is `PERSISTED_QUERY_NOT_FOUND` when texts are accepted (Apollo Client's link then
 * sends the text, which runs) and `PERSISTED_QUERY_NOT_IN_LIST` when they are not (Apollo
 * Router's code for a safelist miss; the link does not resend a text that would be refused).
 */
export function useTrustedDocuments(trusted: TrustedDocuments, { only }: { only: boolean }): Plugin {
  const persisted = usePersistedOperations({
    allowArbitraryOperations: !only,
    extractPersistedOperationId: (params) => trusted.idOf(params) ?? null,
    getPersistedOperation: (id) => trusted.get(id)?.document ?? null,
    customErrors: {
      notFound: ({ params }) => unknownId(trusted.idOf(params) ?? '', only),
      keyNotFound: () => (only ? idRequired(false) : noDocument()),
      persistedQueryOnly: () => idRequired(true),
    },
  }) as Plugin;
  return {
    onPluginInit: ({ addPlugin }) => addPlugin(persisted),
    onRequestParse({ request, url }) {
      // Yoga reads only query, operationName, variables and extensions from a GET's query string.
      const documentId = request.method === 'GET' ? url.searchParams.get('documentId') : null;
      if (!only && documentId === null) return;
      return {
        onRequestParseDone({ requestParserResult, setRequestParserResult }) {
          const withId = (params: GraphQLParams) => (documentId !== null && params.query == null ? { ...params, documentId } : params);
          const all = Array.isArray(requestParserResult) ? requestParserResult : [requestParserResult];
          if (only && all.some((params) => params.query != null)) throw idRequired(true);
          if (documentId !== null) {
            setRequestParserResult(Array.isArray(requestParserResult) ? requestParserResult.map(withId) : withId(requestParserResult));
          }
        },
      };
    },
    // Checked against graphql-js' rules and every rule this server adds when its manifest loaded
    // (`loadTrustedDocuments` with `servedRules`): its first use costs what any use does.
    onValidate({ params: { documentAST }, setResult }) {
      if (trusted.has(documentAST)) setResult([]);
    },
  };
}

const HOW = 'as its documentId, or as extensions.persistedQuery.sha256Hash with version 1';

/** A request without the id of a trusted document reached a server that runs nothing else. */
function idRequired(textSent: boolean) {
  return createGraphQLError(
    `This server runs trusted documents only: send the id of one (${HOW})${textSent ? "; a document's text is refused" : ''}. ` +
      'Add the operation to the client, regenerate the manifest (npm run codegen) and deploy it with TRUSTED_DOCUMENTS; ' +
      'to accept any document, set TRUSTED_DOCUMENTS_ONLY=false.',
    { extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } } },
  );
}

function unknownId(id: string, only: boolean) {
  const shown = id.length > 80 ? `${id.slice(0, 80)}…` : id;
  return createGraphQLError(
    `No trusted document has the id "${shown}". The client was built with a manifest this server does not load: ` +
      'deploy the manifest from the same `npm run codegen` run (TRUSTED_DOCUMENTS) before the clients that use it' +
      (only ? '.' : ', or send the text of the document as `query`.'),
    { extensions: { code: only ? 'PERSISTED_QUERY_NOT_IN_LIST' : 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
  );
}

/** Neither a text nor an id: Yoga's own check would say "Must provide query string.". */
function noDocument() {
  return createGraphQLError(`Must provide a document: its text as \`query\`, or the id of a trusted document (${HOW}).`, {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}
