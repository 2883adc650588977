package dev.doppel.model;

/**
 * Reading evenly spaced quantiles of a column (smallest to largest, both ends included) both ways:
 * the value at a position in [0, 1], and the position of a value. Shared by the copulas that keep a
 * column's distribution as quantiles ({@link StateCopula}, {@link EntityCopula}).
 */
final class ScoreQuantiles {

    private ScoreQuantiles() {
    }

    /** A copy of {@code quantiles}, one list per column, after checking each has {@code count} of them and none decreases. */
    static double[][] checked(java.util.List<String> columns, double[][] quantiles, int count) {
        if (quantiles.length != columns.size()) {
            throw new IllegalArgumentException(columns.size() + " columns need " + columns.size() + " quantile lists, not " + quantiles.length);
        }
        double[][] copy = new double[quantiles.length][];
        for (int i = 0; i < quantiles.length; i++) {
            if (quantiles[i].length != count) {
                throw new IllegalArgumentException("each column keeps " + count + " quantiles, not " + quantiles[i].length);
            }
            for (int k = 1; k < count; k++) {
                if (!(quantiles[i][k] >= quantiles[i][k - 1])) {
                    throw new IllegalArgumentException("the quantiles of " + columns.get(i) + " must not decrease");
                }
            }
            copy[i] = quantiles[i].clone();
        }
        return copy;
    }

    /** A deep copy of {@code matrix}, row by row. */
    static double[][] copy(double[][] matrix) {
        double[][] copy = new double[matrix.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = matrix[i].clone();
        }
        return copy;
    }

    /** The value at position {@code p} in [0, 1], interpolated between neighbouring quantiles. */
    static double at(double[] q, double p) {
        int last = q.length - 1;
        double position = Math.max(0, Math.min(1, p)) * last;
        int below = Math.min(last - 1, (int) Math.floor(position));
        return q[below] + (position - below) * (q[below + 1] - q[below]);
    }

    /**
     * The position in [0, 1] of {@code value}: the inverse of {@link #at}. A value that a run of equal
     * quantiles holds (a tie: a discrete column's common value) takes the point {@code u} in [0, 1] of
     * that run's positions, so ties drawn with a uniform {@code u} spread over their share.
     */
    static double position(double[] q, double value, double u) {
        int last = q.length - 1;
        if (value < q[0]) {
            return 0;
        }
        if (value > q[last]) {
            return 1;
        }
        int low = 0;
        while (q[low] < value) {
            low++;
        }
        if (q[low] > value) { // strictly between q[low - 1] and q[low]
            return (low - 1 + (value - q[low - 1]) / (q[low] - q[low - 1])) / last;
        }
        int high = low;
        while (high < last && q[high + 1] == value) {
            high++;
        }
        // The run q[low..high] equals value; its share stretches half a step beyond either end.
        double from = Math.max(0, low - 0.5);
        double to = Math.min(last, high + 0.5);
        return (from + u * (to - from)) / last;
    }
}
