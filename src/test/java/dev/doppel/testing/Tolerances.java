package dev.doppel.testing;

import dev.doppel.stats.FieldStats;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Test tolerances derived from the methods' own error, so that a failure means the method is off,
 * not that the test was unlucky (each holds with probability at least 1 - {@link #ALPHA}).
 */
public final class Tolerances {

    /** The chance a correct implementation fails one check. */
    public static final double ALPHA = 0.001;
    /** c(alpha) of the two-sample Kolmogorov-Smirnov test at {@link #ALPHA}: sqrt(-ln(alpha/2) / 2). */
    public static final double KS_C_ALPHA = Math.sqrt(-Math.log(ALPHA / 2) / 2);

    /** The standard normal's 1 - ALPHA/2 quantile: a two-sided normal test at {@link #ALPHA}. */
    public static final double Z_ALPHA = 3.2905;

    private Tolerances() {
    }

    /**
     * KS distance allowed between a source of {@code n} values and {@code m} values sampled from its
     * KLL-sketched model: the sketch's rank error plus the two-sample KS critical value
     * c(alpha) sqrt((n + m) / (n m)). Of the two rank errors DataSketches states (single-sided, about
     * 1.33%, and double-sided for PMF queries, about 1.65%, both at 99% confidence) this takes the
     * larger, because the KS statistic looks at the worst rank of all.
     */
    public static double ks(long n, long m) {
        double sketch = KllDoublesSketch.getNormalizedRankError(FieldStats.KLL_K, true);
        return sketch + KS_C_ALPHA * Math.sqrt((double) (n + m) / ((double) n * m));
    }

    /**
     * TVD allowed between a categorical source with counts {@code real} and {@code m} values sampled
     * from its model: the expected TVD of an m-sample, at most 1/2 sum sqrt(p(1-p)/m) by Jensen, plus
     * McDiarmid's deviation sqrt(ln(1/alpha) / 2m) (one value moves the TVD by at most 1/m), plus the
     * share the model could not keep ({@code unseen}), which the generator leaves out.
     */
    public static double tvd(Map<String, Long> real, long m, double unseen) {
        double total = real.values().stream().mapToLong(Long::longValue).sum();
        double expected = 0;
        for (long count : real.values()) {
            double p = count / total;
            expected += Math.sqrt(p * (1 - p) / m);
        }
        return expected / 2 + Math.sqrt(Math.log(1 / ALPHA) / (2.0 * m)) + unseen;
    }

    /**
     * Deviation allowed between the share of {@code n} independent trials that succeeded and their
     * success probability {@code p}: the normal approximation to the binomial at {@link #ALPHA},
     * z sqrt(p(1-p)/n), plus the continuity correction 1/(2n).
     */
    public static double binomial(double p, long n) {
        return Z_ALPHA * Math.sqrt(p * (1 - p) / n) + 0.5 / n;
    }

    /**
     * Deviation allowed between a correlation {@code rho} and its estimates from samples of the given
     * sizes (one size: a single estimate; two: the difference of two independent estimates): Fisher's
     * z, atanh(r), is about normal with variance 1/(n - 3), the variances of independent estimates add,
     * and the interval at {@link #ALPHA} is mapped back to r, taking its wider side.
     */
    public static double correlation(double rho, long... sizes) {
        double variance = 0;
        for (long n : sizes) {
            variance += 1.0 / (n - 3);
        }
        double z = 0.5 * Math.log((1 + rho) / (1 - rho));
        double half = Z_ALPHA * Math.sqrt(variance);
        return Math.max(Math.tanh(z + half) - rho, rho - Math.tanh(z - half));
    }
}
