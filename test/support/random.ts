/**
 * A small seeded generator (mulberry32) for property tests, so a failure can be replayed from its seed.
 *
 * ```ts
 * const rng = random(seed);
 * if (rng.chance(0.3)) items.push(rng.pick(names));
 * ```
 */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

export type Random = ReturnType<typeof random>;
