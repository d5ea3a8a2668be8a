import { Lexer, Source, TokenKind } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { Limits } from '../config.js';

/**
 * Bounds an HTTP batch (a JSON array of operations) as a whole, before any of its documents is
 * parsed:
 * - at most `operationsPerRequest` operations (`413`, as Yoga answers; Yoga's own check runs
 *   after every plugin, so each operation of 45 would be parsed and counted first);
 * - at most `tokens` tokens, comments included, in all its documents together (`400`).
 *
 * Both `LIMIT_EXCEEDED`. Parsing, validating and counting an operation costs time in proportion
 * to its tokens, and Yoga runs an HTTP batch's operations in one synchronous stretch: ten
 * documents of 15,000 tokens each held the event loop for 140 ms, one of them about 15 ms. With
 * the budget shared, a batch costs what one document of `tokens` costs. Documents are lexed once
 * more here (about 2 ms for 20,000 tokens), and only up to the budget. A single operation's
 * tokens are counted while it is parsed (`useRequestLimits`).
 *
 * ```ts
 * createYoga({ batching: { limit: limits.operationsPerRequest }, plugins: [useHttpBatchLimits(limits), useRequestLimits(...)] });
 * ```
 */
export function useHttpBatchLimits(limits: Pick<Limits, 'operationsPerRequest' | 'tokens'>): Plugin {
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (!Array.isArray(requestParserResult)) return;
          const message = problemOf(requestParserResult, limits);
          if (message) throw createGraphQLError(message.text, { extensions: { code: 'LIMIT_EXCEEDED', http: { status: message.status } } });
        },
      };
    },
  };
}

function problemOf(operations: GraphQLParams[], limits: Pick<Limits, 'operationsPerRequest' | 'tokens'>) {
  if (operations.length > limits.operationsPerRequest) {
    return {
      status: 413,
      text: `Batching is limited to ${limits.operationsPerRequest} operations per request. This one has ${operations.length}: send the others in another request.`,
    };
  }
  let total = 0;
  for (const { query } of operations) {
    if (typeof query !== 'string') continue;
    const tokens = tokensOf(query, limits.tokens - total + 1);
    if (tokens > limits.tokens) {
      return { status: 400, text: `Token limit of ${limits.tokens} exceeded. Send it as several smaller operations.` };
    }
    total += tokens;
    if (total > limits.tokens) {
      return {
        status: 400,
        text: `The operations of this HTTP batch have more than ${limits.tokens} tokens together (comments included); one request may have at most ${limits.tokens}. Send them in several requests, or pass values as variables.`,
      };
    }
  }
  return undefined;
}

/**
 * Tokens of `query`, comments included, counted up to `atMost` and stopped there. A document that
 * does not lex counts what came before its error: Yoga answers the error for that operation.
 */
function tokensOf(query: string, atMost: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    for (let token = lexer.advance(); count < atMost; token = lexer.advance()) {
      // The lexer steps over comments, but links them in before the token it returns.
      for (let before = token.prev; before?.kind === TokenKind.COMMENT; before = before.prev) count++;
      if (token.kind === TokenKind.EOF) break;
      count++;
    }
  } catch {
    // A syntax error: counted so far.
  }
  return count;
}
