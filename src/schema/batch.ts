import type { WriteKind } from '../entries/write.js';
import { AVAILABLE_PERIOD_WRITES } from './available-periods.js';
import { batchable, writeResource } from './batchable.js';
import { builder } from './builder.js';
import { CronofyRequestErrorType, ValidationErrorType } from './errors.js';
import { EVENT_WRITES } from './events.js';
import { requireCaller, submit } from './submit.js';
import { outcomeTypeName } from './writes.js';

/** Every write the schema offers, each a member of `BatchRequestInput` named like its mutation. */
const writes = [...EVENT_WRITES, ...AVAILABLE_PERIOD_WRITES];
const writeOfKind = new Map(writes.map((write) => [write.kind, write]));

/** One write of any kind: exactly one member is set, named like the mutation it stands for. */
const BatchRequestInput = builder.inputType('BatchRequestInput', {
  isOneOf: true,
  description: 'One write of any kind, named like the mutation it stands for; set exactly one field.',
  fields: (t) => Object.fromEntries(writes.map((w) => [w.kind, t.field({ type: w.input })])),
});

const BatchRequestResult = builder.unionType('BatchRequestResult', {
  description: 'What became of one request of a batch field.',
  types: () => [...writes.map((w) => w.success), ValidationErrorType, CronofyRequestErrorType],
  resolveType: outcomeTypeName,
});

builder.mutationField('batch', (t) =>
  t.field({
    type: [BatchRequestResult],
    nullable: { list: true, items: true },
    description:
      'Many writes of mixed kinds in one field, answered in the same order. Its requests coalesce with every other write of the caller (120 requests → 3 Cronofy calls). Use it where a gateway sends each root field as its own request, or to send writes built at run time. An item is null, with an error at its path, only when the Cronofy call carrying it failed as a whole.',
    args: { requests: t.arg({ type: [BatchRequestInput], required: true }) },
    extensions: batchable({
      count: (args) => asList(args.requests).length,
      resources: (args) => asList(args.requests).map((request) => writeResource(...memberOf(request as Record<WriteKind, unknown>))),
    }),
    resolve: (_root, { requests }, context) => {
      requireCaller(context);
      return requests.map((request) => {
        const [kind, input] = memberOf(request as Record<WriteKind, unknown>);
        return submit(context, writeOfKind.get(kind)!.build(input));
      });
    },
  }),
);

/** The one member of a `BatchRequestInput` that is set: @oneOf guarantees there is exactly one. */
function memberOf(request: Record<WriteKind, unknown>): [WriteKind, unknown] {
  return Object.entries(request).find(([, value]) => value != null) as [WriteKind, unknown];
}

/** A list argument as execution coerces it: a single value sent where a list goes is a list of one. */
function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value == null ? [] : [value];
}
