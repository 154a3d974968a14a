package io.github.sortlens.data;

/**
 * A small seeded random generator whose whole state is one {@code long}, so a checkpoint can save and restore it
 * exactly. SplitMix64 (Steele, Lea and Flood 2014), the generator behind {@link java.util.SplittableRandom}.
 */
public final class SplitMix64 {

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for an independent purpose ("data", "init", "held-out"...) derived from one seed. */
    public static SplitMix64 derive(long seed, String purpose) {
        long h = mix(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h ^ purpose.charAt(i));
        }
        return new SplitMix64(h);
    }

    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in {@code [0, bound)}, without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        while (true) {
            long u = nextLong() >>> 1; // uniform in [0, 2^63)
            long r = u % bound;
            if (u - r + (bound - 1) >= 0) { // u lies in a complete block of `bound` values: no bias
                return (int) r;
            }
        }
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box-Muller (one of the pair; the other is dropped to keep state handling trivial). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
