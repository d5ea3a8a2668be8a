import { familyOf } from '../entries/write.js';

/**
 * Splits one queue's writes into batch calls: at most `limit` entries each, in the order they
 * came, and never two writes whose resources overlap in one call (Cronofy does not promise to
 * apply a call's entries in order). Resources overlap when they are equal, or when one stands
 * for a whole family (`available-period`, see `resourceOf`) and the other belongs to it. A write
 * goes into the first call that has room and comes after every call holding an earlier write
 * that overlaps it, so N writes to distinct resources take exactly ceil(N / limit) calls.
 *
 * ```ts
 * planCalls(['a', 'b', 'a'], 50) // → [[0, 1], [2]]
 * planCalls(['available-period:x', 'available-period', 'available-period:y'], 50) // → [[0], [1], [2]]
 * ```
 *
 * @returns for each call, the indexes of the writes it carries, ascending.
 */
export function planCalls(resources: readonly string[], limit: number): number[][] {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`planCalls: limit must be a whole number of at least 1; got ${limit}.`);
  }
  const calls: number[][] = [];
  const lastCallOf = new Map<string, number>();
  /** Per family, the last call holding a write to any of its resources, the whole one included. */
  const lastCallOfFamily = new Map<string, number>();
  let firstWithRoom = 0;
  resources.forEach((resource, index) => {
    const { family, whole } = familyOf(resource);
    const after = whole ? (lastCallOfFamily.get(family) ?? -1) : Math.max(lastCallOf.get(resource) ?? -1, lastCallOf.get(family) ?? -1);
    let call = Math.max(firstWithRoom, after + 1);
    while ((calls[call]?.length ?? 0) >= limit) call += 1;
    (calls[call] ??= []).push(index);
    lastCallOf.set(resource, call);
    lastCallOfFamily.set(family, Math.max(lastCallOfFamily.get(family) ?? -1, call));
    while ((calls[firstWithRoom]?.length ?? 0) >= limit) firstWithRoom += 1;
  });
  return calls;
}
