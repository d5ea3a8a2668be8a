import type { GraphiQLOptions } from 'graphql-yoga';
import type { Config } from '../config.js';
import { EXAMPLE_OPERATION } from './example-operation.js';

/**
 * What GraphiQL opens with: the example operation and, in simulator mode only, the demo token as
 * the tab's `Authorization` header, so a newcomer sees how a caller authenticates. A real token is
 * never put in the page; against Cronofy each person types their own.
 */
export function graphiqlOptions(config: Pick<Config, 'demoAccessToken'>): GraphiQLOptions {
  const options: GraphiQLOptions = { title: 'Cronofy batch GraphQL', defaultQuery: EXAMPLE_OPERATION };
  if (config.demoAccessToken) {
    options.defaultHeaders = JSON.stringify({ Authorization: `Bearer ${config.demoAccessToken}` }, null, 2);
    options.defaultEditorToolsVisibility = 'headers';
  }
  return options;
}
