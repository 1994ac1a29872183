// Small helpers for the durability test: bounded waits, a seeded random source.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `cond` until it holds or `timeoutMs` passes. Returns whether it held. The poll
 * interval only bounds how late we notice; correctness never depends on it.
 */
export async function waitUntil(cond: () => boolean, timeoutMs: number, pollMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (cond()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
}

/** mulberry32: a small deterministic PRNG, so a failing run can be repeated with --seed. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** A number in [min, max). */
    between: (min: number, max: number) => min + next() * (max - min),
    int: (min: number, maxExclusive: number) => Math.floor(min + next() * (maxExclusive - min)),
  };
}

export type Random = ReturnType<typeof seededRandom>;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
