package dev.doppel.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QualityMetricsTest {

    private static final double EXACT = 1e-12;
    private static final double NA = Double.NaN;

    @Test
    void ksComplementIsOneMinusTheLargestCdfGapWithMissingValuesDropped() {
        // At 1: 1/3 vs 0; at 2: 2/3 vs 1/3; at 3: 1 vs 2/3: KS 1/3.
        assertThat(QualityMetrics.ksComplement(new double[] {3, NA, 1, 2}, new double[] {4, 2, NA, 3}))
                .isCloseTo(2.0 / 3, within(EXACT));
        assertThat(QualityMetrics.ksComplement(new double[] {5, 1}, new double[] {1, 5})).isEqualTo(1.0);
    }

    @Test
    void tvComplementCountsMissingValuesAsACategory() {
        // Real: a 1/2, b 1/4, missing 1/4. Synthetic: a 1/4, b 3/4. TVD = (1/4 + 1/2 + 1/4) / 2.
        assertThat(QualityMetrics.tvComplement(new String[] {"a", "a", "b", null}, new String[] {"a", "b", "b", "b"}))
                .isCloseTo(0.5, within(EXACT));
    }

    @Test
    void correlationSimilarityIsOneMinusHalfTheGapBetweenPearsonCoefficients() {
        double[] x = {1, 2, 3};
        // r = 1 against r = -1: 1 - 2/2.
        assertThat(QualityMetrics.correlationSimilarity(x, new double[] {1, 2, 3}, x, new double[] {3, 2, 1}))
                .isCloseTo(0, within(EXACT));
        // dx = (-1, 0, 1), dy = (-1, 1, 0): r = 1 / sqrt(2 * 2) = 1/2, so 1 - (1 - 1/2) / 2.
        assertThat(QualityMetrics.correlationSimilarity(x, new double[] {1, 2, 3}, x, new double[] {1, 3, 2}))
                .isCloseTo(0.75, within(EXACT));
    }

    @Test
    void correlationUsesOnlyRowsWhereBothValuesArePresent() {
        assertThat(QualityMetrics.pearson(new double[] {1, 2, NA, 3}, new double[] {2, 4, 100, 6})).isCloseTo(1, within(EXACT));
    }

    @Test
    void aConstantColumnHasNoCorrelationAndMatchesOnlyAnotherWithNone() {
        double[] x = {1, 2, 3};
        double[] constant = {7, 7, 7};
        assertThat(QualityMetrics.correlationSimilarity(x, constant, x, constant)).isEqualTo(1.0);
        assertThat(QualityMetrics.correlationSimilarity(x, constant, x, x)).isEqualTo(0.0);
    }

    @Test
    void contingencySimilarityIsOneMinusTheTvdOfTheJointShares() {
        // Real: (a,u) 1/2, (b,v) 1/2. Synthetic: (a,u), (a,v), (b,u), (b,v) 1/4 each.
        // TVD = (1/4 + 1/4 + 1/4 + 1/4) / 2.
        assertThat(QualityMetrics.contingencySimilarity(
                new String[] {"a", "a", "b", "b"}, new String[] {"u", "u", "v", "v"},
                new String[] {"a", "a", "b", "b"}, new String[] {"v", "u", "v", "u"}))
                .isCloseTo(0.5, within(EXACT));
    }

    @Test
    void pairsOfValuesDoNotRunTogether() {
        // ("ab", "c") and ("a", "bc") are different pairs.
        assertThat(QualityMetrics.contingencySimilarity(new String[] {"ab"}, new String[] {"c"}, new String[] {"a"}, new String[] {"bc"}))
                .isEqualTo(0.0);
    }

    @Test
    void numbersAreBinnedAtTheRealDeciles() {
        double[] oneToHundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        double[] edges = QualityMetrics.decileEdges(oneToHundred);

        assertThat(edges).containsExactly(11, 21, 31, 41, 51, 61, 71, 81, 91);
        assertThat(QualityMetrics.bins(new double[] {-5, 10, 11, 50.5, 100, 1e9, NA}, edges))
                .containsExactly("0", "0", "1", "4", "9", "9", null);
        long[] perBin = new long[10];
        Arrays.stream(QualityMetrics.bins(oneToHundred, edges)).forEach(bin -> perBin[Integer.parseInt(bin)]++);
        assertThat(perBin).containsOnly(10);
    }
}
