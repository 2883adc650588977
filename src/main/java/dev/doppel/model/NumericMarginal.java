package dev.doppel.model;

import java.util.Arrays;

/**
 * A learned distribution of numbers as a step quantile function: rank {@code u} in [0, 1) maps to
 * {@code values[i]} for the first {@code i} with {@code cumulative[i] > u}. Built from a KLL sketch's
 * sorted view, so it keeps atoms (a delay of exactly 0 minutes) and is within the sketch's rank error
 * of the source's distribution. Immutable.
 */
public final class NumericMarginal {

    private final double[] values;
    private final double[] cumulative;

    /**
     * @param values     distinct values, ascending
     * @param cumulative normalised cumulative weights, ascending, ending at 1
     */
    public NumericMarginal(double[] values, double[] cumulative) {
        if (values.length == 0 || values.length != cumulative.length) {
            throw new IllegalArgumentException("need as many cumulative weights as values, and at least one");
        }
        for (int i = 1; i < values.length; i++) {
            if (!(values[i] > values[i - 1]) || cumulative[i] < cumulative[i - 1]) {
                throw new IllegalArgumentException("values and cumulative weights must ascend");
            }
        }
        this.values = values.clone();
        this.cumulative = cumulative.clone();
        this.cumulative[cumulative.length - 1] = 1.0; // guards against rounding leaving the top out of reach
    }

    /** The value at normalised rank {@code u}, 0 &lt;= u &lt; 1. */
    public double quantile(double u) {
        int index = Arrays.binarySearch(cumulative, u);
        // Exact hit: cumulative[index] == u is not > u, so the step is the next one.
        int step = index >= 0 ? index + 1 : -index - 1;
        while (step < cumulative.length - 1 && cumulative[step] <= u) {
            step++;
        }
        return values[Math.min(step, values.length - 1)];
    }

    /** Share of the distribution at or below {@code x}. */
    public double cdf(double x) {
        int index = Arrays.binarySearch(values, x);
        int last = index >= 0 ? index : -index - 2;
        return last < 0 ? 0.0 : cumulative[last];
    }

    /**
     * The ranks {lower, upper} that {@link #quantile} maps to the value giving {@code x}: the step
     * of the first value at or above x (the last one for x above them all).
     */
    public double[] step(double x) {
        int index = Arrays.binarySearch(values, x);
        int step = index >= 0 ? index : Math.min(-index - 1, values.length - 1);
        return new double[] {step == 0 ? 0.0 : cumulative[step - 1], cumulative[step]};
    }

    public double min() {
        return values[0];
    }

    public double max() {
        return values[values.length - 1];
    }

    public double[] values() {
        return values.clone();
    }

    public double[] cumulative() {
        return cumulative.clone();
    }
}
