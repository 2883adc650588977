package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.junit.jupiter.api.Test;

class NearestCorrelationTest {

    @Test
    void aMatrixThatIsNotPositiveDefiniteBecomesAPositiveDefiniteCorrelationMatrixNearIt() {
        // Pairwise plausible, jointly impossible: a ~ b and a ~ c strongly, but b ~ c strongly negative.
        double[][] broken = {{1, 0.9, 0.9}, {0.9, 1, -0.9}, {0.9, -0.9, 1}};
        assertThat(NearestCorrelation.isPositiveDefinite(broken)).isFalse();

        double[][] repaired = NearestCorrelation.repair(broken);

        assertThat(NearestCorrelation.isPositiveDefinite(repaired)).isTrue();
        new CholeskyDecomposition(new Array2DRowRealMatrix(repaired)); // throws if it is not
        for (int i = 0; i < 3; i++) {
            assertThat(repaired[i][i]).isEqualTo(1.0);
            for (int j = 0; j < 3; j++) {
                assertThat(repaired[i][j]).isEqualTo(repaired[j][i]);
                assertThat(Math.signum(repaired[i][j])).isEqualTo(Math.signum(broken[i][j]));
            }
        }
    }

    @Test
    void aPositiveDefiniteMatrixIsLeftUnchanged() {
        double[][] fine = {{1, 0.5, -0.2}, {0.5, 1, 0.3}, {-0.2, 0.3, 1}};

        assertThat(NearestCorrelation.repair(fine)).isSameAs(fine);
    }

    @Test
    void perfectlyCorrelatedColumnsGetAnEigenvalueFloorAndStayAlmostPerfectlyCorrelated() {
        double[][] singular = {{1, 1}, {1, 1}};

        double[][] repaired = NearestCorrelation.repair(singular);

        assertThat(NearestCorrelation.isPositiveDefinite(repaired)).isTrue();
        assertThat(repaired[0][1]).isCloseTo(1.0, within(1e-5));
    }
}
