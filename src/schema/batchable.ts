import type { GraphQLField } from 'graphql';
import { resourceOf, type WriteIds, type WriteKind } from '../entries/write.js';

/** The extension key that marks a root mutation field as batchable. */
export const BATCHABLE = 'batchable';

/**
 * What a batchable root mutation field tells the layers above the schema: it only enqueues
 * calendar writes (so the planner may start it together with its neighbours), and, from its
 * coerced arguments, which events or available periods those writes touch (so the request limits
 * can count its Cronofy calls before anything runs).
 *
 * ```ts
 * builder.mutationField('deleteEvent', (t) =>
 *   t.field({ ..., extensions: batchable({ count: () => 1, resources: (args) => [writeResource('deleteEvent', args.input)] }) }),
 * );
 * batchableOf(schema.getMutationType()!.getFields().deleteEvent!)?.resources({ input }) // ['event:cal_1:standup']
 * ```
 */
export interface Batchable {
  /** How many writes the field makes: cheap, so a count over a bound is refused before `resources`. */
  count(args: Record<string, unknown>): number;
  resources(args: Record<string, unknown>): string[];
}

export function batchable(batchable: Batchable): { [BATCHABLE]: Batchable } {
  return { [BATCHABLE]: batchable };
}

/** The field's `Batchable`, or undefined for a field that does anything but enqueue writes. */
export function batchableOf(field: GraphQLField<unknown, unknown> | undefined): Batchable | undefined {
  const marked = field?.extensions?.[BATCHABLE] as Partial<Batchable> | undefined;
  return typeof marked?.resources === 'function' && typeof marked.count === 'function' ? (marked as Batchable) : undefined;
}

/** The resource of one write, from its coerced input (which names its ids as `WriteIds` does). */
export function writeResource(kind: WriteKind, input: unknown): string {
  return resourceOf(kind, input as WriteIds[WriteKind]);
}
