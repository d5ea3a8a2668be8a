import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';

/**
 * A codegen plugin that prints the schema as Apollo Federation reads it: with the
 * `@link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])` schema extension and
 * every `@key`, and without the `_service`/`_entities` machinery. `printSchema` (and the
 * schema-ast plugin) would drop the `@key`s that make a subgraph's entities.
 *
 * ```ts
 * generates: { 'schema.graphql': { plugins: ['./codegen/subgraph-sdl.ts'] } }
 * ```
 */
export const plugin = (schema: GraphQLSchema): string => `${printSubgraphSchema(schema)}\n`;
