package io.wirestat.bench.gen;

import java.util.SplittableRandom;

/**
 * The traffic model's one seeded random generator and the distributions drawn from it. Every draw of a run goes
 * through one instance, in event order, so the same seed gives the same capture byte for byte; a draw added,
 * removed or moved changes every packet after it. Not thread safe; generator thread only.
 */
final class TrafficRandom
{
    private final SplittableRandom random;

    TrafficRandom(final long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    int nextInt()
    {
        return random.nextInt();
    }

    int nextInt(final int bound)
    {
        return random.nextInt(bound);
    }

    double nextDouble()
    {
        return random.nextDouble();
    }

    /** @return a whole number from {@code lo} to {@code hi}, both included, all equally likely. */
    long uniform(final long lo, final long hi)
    {
        return lo + random.nextLong(hi - lo + 1);
    }

    /**
     * @return a value from {@code lo} to {@code hi} (truncated) whose logarithm is uniform: as likely between 1 and
     *         10 ms as between 10 and 100 ms, the way round-trip and think times spread.
     */
    long logUniform(final double lo, final double hi)
    {
        return (long)Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    /** Exponential inter-arrival gap, microseconds, for {@code ratePerSecond} arrivals a second. */
    long exponentialGap(final double ratePerSecond)
    {
        return (long)(-Math.log(1.0 - random.nextDouble()) * 1_000_000.0 / ratePerSecond);
    }
}
