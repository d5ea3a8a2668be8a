import './scalars.js';
import './errors.js';
import './service.js';
import './events.js';
import './available-periods.js';
import './batch.js';
import { builder } from './builder.js';

export type { CallerProblem, Context } from './context.js';
/**
 * An Apollo Federation v2 subgraph: the schema plus `_service { sdl }` and `_entities`, with
 * `@link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])`. Types and fields
 * come out sorted by name.
 */
export const schema = builder.toSubGraphSchema({});
