package dev.doppel.model;

import java.util.List;

/**
 * The dependence between fields as a Gaussian copula: each field's value maps to [0, 1) through its
 * marginal ({@link FieldScale}), then to a normal score, and the normal scores of a row are jointly
 * normal with this correlation matrix (positive definite, unit diagonal). Immutable.
 *
 * @param fields      the fields it covers, in matrix order
 * @param correlation the correlation of their normal scores, d x d
 * @param rows        how many sampled rows it was estimated from
 */
public record GaussianCopula(List<String> fields, double[][] correlation, long rows) {

    public GaussianCopula {
        fields = List.copyOf(fields);
        int d = fields.size();
        if (correlation.length != d) {
            throw new IllegalArgumentException("a copula of " + d + " fields needs a " + d + " x " + d + " correlation matrix");
        }
        double[][] copy = new double[d][];
        for (int i = 0; i < d; i++) {
            if (correlation[i].length != d || Math.abs(correlation[i][i] - 1) > 1e-9) {
                throw new IllegalArgumentException("the copula's correlation matrix must be square with a unit diagonal");
            }
            for (double r : correlation[i]) {
                if (!(r >= -1 && r <= 1)) {
                    throw new IllegalArgumentException("the copula's correlations must lie in [-1, 1], got " + r);
                }
            }
            copy[i] = correlation[i].clone();
        }
        correlation = copy;
    }

    @Override
    public double[][] correlation() {
        double[][] copy = new double[correlation.length][];
        for (int i = 0; i < copy.length; i++) {
            for (double r : correlation[i]) {
                if (!(r >= -1 && r <= 1)) {
                    throw new IllegalArgumentException("the copula's correlations must lie in [-1, 1], got " + r);
                }
            }
            copy[i] = correlation[i].clone();
        }
        return copy;
    }

    /** The correlation of the normal scores of fields {@code a} and {@code b}, or NaN if either is not covered. */
    public double correlation(String a, String b) {
        int i = fields.indexOf(a);
        int j = fields.indexOf(b);
        return i < 0 || j < 0 ? Double.NaN : correlation[i][j];
    }
}
