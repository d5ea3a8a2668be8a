import './scalars.js';
import './errors.js';
import './service.js';
import './events.js';
import './available-periods.js';
import './batch.js';
import { builder } from './builder.js';

export type { Context } from './builder.js';
export const schema = builder.toSchema();
