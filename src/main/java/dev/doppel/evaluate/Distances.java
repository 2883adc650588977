package dev.doppel.evaluate;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Distances between two empirical distributions. */
public final class Distances {

    private Distances() {
    }

    /**
     * The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs,
     * in [0, 1]; 0 when either sample is empty. Ties are handled by stepping past equal values in
     * both samples together.
     *
     * @param a ascending
     * @param b ascending
     */
    public static double kolmogorovSmirnov(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int i = 0;
        int j = 0;
        double largest = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] == x) {
                i++;
            }
            while (j < b.length && b[j] == x) {
                j++;
            }
            largest = Math.max(largest, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return largest;
    }

    /**
     * Total variation distance between two categorical distributions given as counts: half the sum
     * of the absolute differences of the shares, in [0, 1]; 0 when either is empty.
     */
    public static double totalVariation(Map<String, Long> a, Map<String, Long> b) {
        double totalA = a.values().stream().mapToLong(Long::longValue).sum();
        double totalB = b.values().stream().mapToLong(Long::longValue).sum();
        if (totalA == 0 || totalB == 0) {
            return 0;
        }
        Set<String> values = new HashSet<>(a.keySet());
        values.addAll(b.keySet());
        double sum = 0;
        for (String value : values) {
            sum += Math.abs(a.getOrDefault(value, 0L) / totalA - b.getOrDefault(value, 0L) / totalB);
        }
        return sum / 2;
    }
}
