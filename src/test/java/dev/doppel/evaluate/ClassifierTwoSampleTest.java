package dev.doppel.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.testing.Tolerances;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassifierTwoSampleTest {

    @Test
    void aucIsTheShareOfPositiveNegativePairsRankedRightTiesCountingHalf() {
        // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 > 0.1, 0.8 > both; 3 of 4 pairs.
        assertThat(ClassifierTwoSample.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0, 0, 1, 1})).isEqualTo(0.75);
        assertThat(ClassifierTwoSample.auc(new double[] {1, 1}, new double[] {0, 1})).isEqualTo(0.5);
        assertThat(ClassifierTwoSample.auc(new double[] {2, 1, 1}, new double[] {1, 0, 1})).isEqualTo(0.75);
    }

    @Test
    void detectionScoreIsSdMetricsOneMinusTwiceTheAucAboveAHalf() {
        assertThat(ClassifierTwoSample.detectionScore(0.5)).isEqualTo(1.0);
        assertThat(ClassifierTwoSample.detectionScore(0.3)).isEqualTo(1.0);
        assertThat(ClassifierTwoSample.detectionScore(0.75)).isEqualTo(0.5);
        assertThat(ClassifierTwoSample.detectionScore(1.0)).isEqualTo(0.0);
    }

    @Test
    void choleskySolvesASymmetricPositiveDefiniteSystem() {
        // [[4, 2], [2, 3]] s = [2, 1]: s = (1/2, 0).
        assertThat(ClassifierTwoSample.solveCholesky(new double[][] {{4, 2}, {2, 3}}, new double[] {2, 1}))
                .containsExactly(new double[] {0.5, 0}, within(1e-12));
    }

    @Test
    void aTableAgainstItselfScoresExactlyOneHalf() {
        EventTable table = gaussian(400, 0, "a", new Random(1));

        assertThat(ClassifierTwoSample.auc(table, table, List.of("x", "c"), 42)).isEqualTo(0.5);
    }

    @Test
    void samplesOfOneDistributionAreNotToldApart() {
        int n = 2000;
        EventTable real = gaussian(n, 0, "a", new Random(2));
        EventTable synthetic = gaussian(n, 0, "a", new Random(3));

        double auc = ClassifierTwoSample.auc(real, synthetic, List.of("x", "c"), 42);

        // Under the null the AUC is about normal with variance (n1 + n2 + 1) / (12 n1 n2) (Mann-Whitney).
        double sd = Math.sqrt((2.0 * n + 1) / (12.0 * n * n));
        double z = Math.sqrt(2) * inverseErfc(Tolerances.ALPHA);
        assertThat(auc).isCloseTo(0.5, within(z * sd));
    }

    @Test
    void shiftedSamplesAreToldApart() {
        EventTable real = gaussian(1000, 0, "a", new Random(4));
        EventTable synthetic = gaussian(1000, 3, "b", new Random(5));

        assertThat(ClassifierTwoSample.auc(real, synthetic, List.of("x", "c"), 42)).isGreaterThan(0.99);
    }

    private static EventTable gaussian(int n, double mean, String category, Random random) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("x", mean + random.nextGaussian());
            row.put("c", random.nextBoolean() ? category : "z");
            rows.add(Row.of(row));
        }
        return EventTable.of(rows, Map.of("x", FieldType.DOUBLE, "c", FieldType.STRING), Map.of());
    }

    /** Two-sided critical value: erfc^-1(alpha), by bisection (erfc by Abramowitz-Stegun 7.1.26 is too coarse). */
    private static double inverseErfc(double alpha) {
        double lo = 0;
        double hi = 10;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (erfc(mid) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double erfc(double x) {
        // erfc(x) = 2/sqrt(pi) * integral from x to infinity of exp(-t^2) dt, by the midpoint rule.
        double sum = 0;
        double step = 1e-4;
        for (double t = x + step / 2; t < x + 12; t += step) {
            sum += Math.exp(-t * t) * step;
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
