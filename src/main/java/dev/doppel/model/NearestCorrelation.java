package dev.doppel.model;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;

/**
 * Repairs an estimated correlation matrix that is not positive definite (from pairwise estimates, or
 * perfectly dependent columns) so that Cholesky can factor it.
 *
 * <p>The repair clips the eigenvalues of the symmetric matrix from below at {@link #MIN_EIGENVALUE}
 * and rescales the result back to a unit diagonal, {@code D^-1/2 (Q max(L, eps) Q^T) D^-1/2}
 * (Rebonato and Jaeckel 1999, "The most general methodology to create a valid correlation matrix";
 * Higham 2002, "Computing the nearest correlation matrix", gives the exact nearest one by alternating
 * projections at more cost). The rescaling keeps it positive definite: a congruence by a positive
 * diagonal matrix does. A matrix whose eigenvalues are all at least the floor is returned unchanged.
 */
public final class NearestCorrelation {

    /** Smallest eigenvalue kept: enough for Cholesky to stay stable in double precision. */
    public static final double MIN_EIGENVALUE = 1e-6;

    private NearestCorrelation() {
    }

    /** True if every eigenvalue of the symmetric {@code matrix} is at least {@link #MIN_EIGENVALUE}. */
    public static boolean isPositiveDefinite(double[][] matrix) {
        if (matrix.length == 0) {
            return true;
        }
        double[] eigenvalues = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(matrix, true)).getEigenvalues();
        for (double eigenvalue : eigenvalues) {
            if (eigenvalue < MIN_EIGENVALUE) {
                return false;
            }
        }
        return true;
    }

    /** A positive-definite correlation matrix near the symmetric {@code matrix}; {@code matrix} itself if it already is one. */
    public static double[][] repair(double[][] matrix) {
        // Rescaling to a unit diagonal can shrink the smallest eigenvalue back below the floor (the
        // diagonal grew when eigenvalues were raised), so clip at a higher floor each round; two
        // rounds are usually enough.
        double[][] repaired = matrix;
        double floor = MIN_EIGENVALUE;
        for (int round = 0; !isPositiveDefinite(repaired); round++) {
            if (round == 20) {
                throw new IllegalStateException("could not repair a correlation matrix to positive definite");
            }
            floor *= 2;
            repaired = clipAndRescale(repaired, floor);
        }
        return repaired;
    }

    private static double[][] clipAndRescale(double[][] matrix, double floor) {
        int d = matrix.length;
        EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(matrix, true));
        double[] eigenvalues = eigen.getEigenvalues();
        RealMatrix vectors = eigen.getV();
        double[][] clipped = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += vectors.getEntry(i, k) * Math.max(eigenvalues[k], floor) * vectors.getEntry(j, k);
                }
                clipped[i][j] = sum;
                clipped[j][i] = sum;
            }
        }
        double[][] repaired = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                repaired[i][j] = i == j ? 1.0 : clipped[i][j] / Math.sqrt(clipped[i][i] * clipped[j][j]);
            }
        }
        return repaired;
    }
}
