package dev.doppel.sample;

import java.util.BitSet;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.RealMatrix;

/**
 * Draws the free components of a standard multivariate normal given the known ones:
 * {@code z_free | z_known ~ N(S_fk S_kk^-1 z_known, S_ff - S_fk S_kk^-1 S_kf)} for correlation {@code S};
 * the regression and the conditional covariance's Cholesky factor are computed once, at construction,
 * for one set of known components. Immutable.
 */
final class ConditionalNormal {
    final int[] known;
    final int[] free;
    /** Regression of the free scores on the known ones, free x known. */
    final double[][] regression;
    /** Lower Cholesky factor of the conditional covariance, free x free. */
    final double[][] cholesky;

    ConditionalNormal(double[][] correlation, BitSet knownSet) {
        int d = correlation.length;
        known = knownSet.stream().toArray();
        free = java.util.stream.IntStream.range(0, d).filter(i -> !knownSet.get(i)).toArray();
        RealMatrix sigma = new Array2DRowRealMatrix(correlation, false);
        RealMatrix freeFree = sigma.getSubMatrix(free.length == 0 ? new int[] {0} : free, free.length == 0 ? new int[] {0} : free);
        if (free.length == 0) {
            regression = new double[0][0];
            cholesky = new double[0][0];
            return;
        }
        if (known.length == 0) {
            regression = new double[free.length][0];
            cholesky = choleskyOf(freeFree);
            return;
        }
        RealMatrix knownKnown = sigma.getSubMatrix(known, known);
        RealMatrix freeKnown = sigma.getSubMatrix(free, known);
        DecompositionSolver solver = new CholeskyDecomposition(knownKnown, 1e-9, 1e-12).getSolver();
        // S_fx S_xx^-1 = (S_xx^-1 S_xf)^T, S_xx being symmetric.
        RealMatrix regressionMatrix = solver.solve(freeKnown.transpose()).transpose();
        regression = regressionMatrix.getData();
        cholesky = choleskyOf(freeFree.subtract(regressionMatrix.multiply(freeKnown.transpose())));
    }

    /** The lower Cholesky factor; a conditional covariance that rounding left barely singular gets a small ridge. */
    private static double[][] choleskyOf(RealMatrix covariance) {
        double ridge = 0;
        for (int attempt = 0; ; attempt++) {
            RealMatrix matrix = covariance.copy();
            for (int i = 0; i < matrix.getRowDimension(); i++) {
                matrix.addToEntry(i, i, ridge);
            }
            try {
                return new CholeskyDecomposition(matrix, 1e-6, 1e-12).getL().getData();
            } catch (org.hipparchus.exception.MathIllegalArgumentException e) {
                if (attempt > 6) {
                    throw e;
                }
                ridge = ridge == 0 ? 1e-10 : ridge * 100;
            }
        }
    }

    /** Fills the free components of {@code z} given its known ones. */
    void draw(double[] z, NormalizedGaussianSampler gaussian) {
        int f = free.length;
        double[] epsilon = new double[f];
        for (int i = 0; i < f; i++) {
            epsilon[i] = gaussian.sample();
        }
        for (int i = 0; i < f; i++) {
            double value = 0;
            double[] weights = regression[i];
            for (int k = 0; k < known.length; k++) {
                value += weights[k] * z[known[k]];
            }
            double[] factor = cholesky[i];
            for (int k = 0; k <= i; k++) {
                value += factor[k] * epsilon[k];
            }
            z[free[i]] = value;
        }
    }
}
