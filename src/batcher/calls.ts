/**
 * Splits one queue's writes into batch calls: at most `limit` entries each, in the order they
 * came, and never two writes to the same resource in one call (Cronofy does not promise to apply
 * a call's entries in order). A write goes into the first call that has room and comes after
 * every call holding an earlier write to its resource, so N writes to distinct resources take
 * exactly ceil(N / limit) calls.
 *
 * ```ts
 * planCalls(['a', 'b', 'a'], 50) // → [[0, 1], [2]]
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
  let firstWithRoom = 0;
  resources.forEach((resource, index) => {
    let call = Math.max(firstWithRoom, (lastCallOf.get(resource) ?? -1) + 1);
    while ((calls[call]?.length ?? 0) >= limit) call += 1;
    (calls[call] ??= []).push(index);
    lastCallOf.set(resource, call);
    while ((calls[firstWithRoom]?.length ?? 0) >= limit) firstWithRoom += 1;
  });
  return calls;
}
