package dev.doppel.evaluate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * SDMetrics' column and column-pair quality metrics, with their published definitions so that
 * doppel's scores compare with other tools' (docs.sdv.dev/sdmetrics, "Column Shapes" and "Column
 * Pair Trends" of the Quality Report). Every score is in [0, 1]; 1 means the same.
 */
public final class QualityMetrics {

    /** SDMetrics' default number of bins for a number in a contingency table. */
    public static final int BINS = 10;
    /** What a missing value counts as in a category comparison (SDMetrics keeps missing values as a value). */
    static final String MISSING = "\u0000missing";

    private QualityMetrics() {
    }

    /**
     * KSComplement = 1 - KS(real, synthetic), the two-sample Kolmogorov-Smirnov statistic between the
     * two empirical CDFs, missing values dropped (SDMetrics: "1 - the maximum difference between the
     * CDFs"). Numbers and datetimes.
     */
    public static double ksComplement(double[] real, double[] synthetic) {
        return 1 - Distances.kolmogorovSmirnov(sortedPresent(real), sortedPresent(synthetic));
    }

    /**
     * TVComplement = 1 - TVD, TVD = 1/2 sum over categories of |R_c - S_c|, R_c and S_c the shares of
     * category c (SDMetrics' TVComplement; missing values are a category). Categories and booleans.
     */
    public static double tvComplement(String[] real, String[] synthetic) {
        return 1 - Distances.totalVariation(counts(real), counts(synthetic));
    }

    /**
     * CorrelationSimilarity = 1 - |S_xy - R_xy| / 2, with R_xy and S_xy the Pearson correlation of the
     * two columns in the real and the synthetic data (SDMetrics' default coefficient), over the rows
     * where both are present. Where a side has no correlation (a constant column, fewer than two
     * rows), the pair scores 1 if the other side has none either, else 0.
     */
    public static double correlationSimilarity(double[] realX, double[] realY, double[] syntheticX, double[] syntheticY) {
        double real = pearson(realX, realY);
        double synthetic = pearson(syntheticX, syntheticY);
        if (Double.isNaN(real) || Double.isNaN(synthetic)) {
            // No correlation on one side (a constant column, or no rows): equal only if on both.
            return Double.isNaN(real) == Double.isNaN(synthetic) ? 1 : 0;
        }
        return 1 - Math.abs(synthetic - real) / 2;
    }

    /**
     * ContingencySimilarity = 1 - 1/2 sum over category pairs (a, b) of |S_ab - R_ab|: one minus the
     * total variation distance between the two normalized contingency tables (SDMetrics). Numbers go
     * in as their bins ({@link #bins}).
     */
    public static double contingencySimilarity(String[] realX, String[] realY, String[] syntheticX, String[] syntheticY) {
        return 1 - Distances.totalVariation(jointCounts(realX, realY), jointCounts(syntheticX, syntheticY));
    }

    /**
     * A number column as {@link #BINS} bins for a contingency table, with edges at the real column's
     * deciles (quantile bins, so that skewed numbers spread over all bins) applied to both sides;
     * missing values are a bin of their own.
     */
    public static String[] bins(double[] values, double[] edges) {
        String[] binned = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                binned[i] = null;
                continue;
            }
            int bin = Arrays.binarySearch(edges, values[i]);
            // Equal to an edge: in the bin above it; between edges: the insertion point's bin.
            binned[i] = Integer.toString(bin >= 0 ? bin + 1 : -bin - 1);
        }
        return binned;
    }

    /** The {@link #BINS} - 1 inner decile edges of the present values, distinct and ascending. */
    public static double[] decileEdges(double[] values) {
        double[] sorted = sortedPresent(values);
        if (sorted.length == 0) {
            return new double[0];
        }
        return IntStream.range(1, BINS)
                .mapToDouble(k -> sorted[Math.min(sorted.length - 1, (int) Math.floor((double) k * sorted.length / BINS))])
                .distinct()
                .toArray();
    }

    /** Pearson's r over the rows where both are present; NaN if undefined. */
    public static double pearson(double[] x, double[] y) {
        double sumX = 0;
        double sumY = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                sumX += x[i];
                sumY += y[i];
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                double dx = x[i] - meanX;
                double dy = y[i] - meanY;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    static double[] sortedPresent(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    }

    static Map<String, Long> counts(String[] values) {
        Map<String, Long> counts = new HashMap<>();
        for (String value : values) {
            counts.merge(value == null ? MISSING : value, 1L, Long::sum);
        }
        return counts;
    }

    private static Map<String, Long> jointCounts(String[] x, String[] y) {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < x.length; i++) {
            String a = x[i] == null ? MISSING : x[i];
            String b = y[i] == null ? MISSING : y[i];
            // Length-prefixed, so that no two pairs of values make the same key.
            counts.merge(a.length() + ":" + a + b, 1L, Long::sum);
        }
        return counts;
    }
}
