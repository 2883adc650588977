package dev.doppel.evaluate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Row samples chosen by content: a row is in the sample if its seeded hash is among the smallest
 * {@code n}, so a sample is the same whatever the order of the rows, and two identical tables give
 * identical samples (a table compared with itself then scores exactly as identical).
 */
final class Sampling {

    private Sampling() {
    }

    /** The indices of at most {@code n} rows of {@code table}, ascending. */
    static int[] byContent(EventTable table, int n, long seed) {
        if (table.size() <= n) {
            return IntStream.range(0, table.size()).toArray();
        }
        long[] keys = new long[table.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = contentHash(table, i, seed);
        }
        int[] chosen = IntStream.range(0, table.size()).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> keys[i]).thenComparingInt(i -> i))
                .limit(n)
                .mapToInt(Integer::intValue)
                .toArray();
        Arrays.sort(chosen);
        return chosen;
    }

    /** A seeded hash of the row's values, well mixed (SplitMix64's finalizer). */
    static long contentHash(EventTable table, int row, long seed) {
        long z = table.rows().get(row).hashCode() * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
