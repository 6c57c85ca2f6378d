// A seeded pseudo-random generator (mulberry32) for model tests, fuzz tests and benchmark
// data: the same seed gives the same sequence, so a failure can be replayed exactly.
// Not for anything security-related.

/** Returns a generator of floats in [0, 1), deterministic for `seed`. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
