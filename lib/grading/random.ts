/**
 * Seeded pseudo-random numbers: the same seed always draws the same numbers, on any machine, so checks
 * are reproducible and a variant is a pure function of its seed.
 *
 * Two generators, each kept because stored results depend on its exact sequence:
 * - `seededRandom` (mulberry32, one 32-bit word of state) draws the sample points of the equivalence
 *   checks and the short-answer combinations (and the benchmarks' inputs);
 * - `SeededRandom` (sfc32, 128 bits of state) draws problem parameters; variants already handed out
 *   depend on its sequence. The problem layer seeds it from a hash of the variant's text seed
 *   (`randomStream` in lib/problems/variant.ts).
 */

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** sfc32: a stream of uniform numbers seeded by four 32-bit words. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: readonly [number, number, number, number]) {
    [this.a, this.b, this.c, this.d] = seed;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
