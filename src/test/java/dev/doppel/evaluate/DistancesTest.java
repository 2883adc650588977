package dev.doppel.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistancesTest {

    private static final double EXACT = 1e-15;

    private static double ks(double[] a, double[] b) {
        return Distances.kolmogorovSmirnov(a, b);
    }

    @Test
    void ksIsTheLargestGapBetweenTheTwoStepCdfs() {
        // At 1: 1/3 vs 0; at 2: 2/3 vs 1/3; at 3: 1 vs 2/3; at 4: 1 vs 1.
        assertThat(ks(new double[] {1, 2, 3}, new double[] {2, 3, 4})).isCloseTo(1.0 / 3, within(EXACT));
        // At 2: 1/2 vs 0; at 2.5: 1/2 vs 1; at 3: 3/4 vs 1.
        assertThat(ks(new double[] {1, 2, 3, 4}, new double[] {2.5})).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void ksStepsPastTiedValuesInBothSamplesAtOnce() {
        // At 1: 2/3 vs 1/3; at 2: 1 vs 1. Stepping through one sample's 1s before the other's would
        // see a false gap of 2/3 in between.
        assertThat(ks(new double[] {1, 1, 2}, new double[] {1, 2, 2})).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(ks(new double[] {0, 0, 0, 0}, new double[] {0, 0})).isZero();
    }

    @Test
    void ksOfIdenticalSamplesIsZero() {
        double[] sample = {-13, 0, 0, 0, 5, 33, 33, 1e9};

        assertThat(ks(sample, sample.clone())).isZero();
    }

    @Test
    void ksOfSamplesThatDoNotOverlapIsOne() {
        assertThat(ks(new double[] {1, 2}, new double[] {3, 4, 5})).isEqualTo(1.0);
        assertThat(ks(new double[] {3, 4, 5}, new double[] {1, 2})).isEqualTo(1.0);
    }

    @Test
    void ksWithAnEmptySampleIsZero() {
        assertThat(ks(new double[0], new double[] {1, 2})).isZero();
        assertThat(ks(new double[] {1, 2}, new double[0])).isZero();
        assertThat(ks(new double[0], new double[0])).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void ksAgreesWithTheGapComputedAtEveryValueFromTheDefinition(long seed) {
        // Small integers, so that ties within and across the samples are the rule.
        Random random = new Random(seed);
        double[] a = random.ints(1 + random.nextInt(40), 0, 12).asDoubleStream().sorted().toArray();
        double[] b = random.ints(1 + random.nextInt(40), 3, 15).asDoubleStream().sorted().toArray();

        double largest = 0;
        for (double x : concat(a, b)) {
            largest = Math.max(largest, Math.abs(share(a, x) - share(b, x)));
        }

        assertThat(ks(a, b)).isCloseTo(largest, within(EXACT));
        assertThat(ks(b, a)).isCloseTo(largest, within(EXACT));
    }

    @Test
    void tvdIsHalfTheSumOfTheGapsBetweenShares() {
        // 1/2, 1/2 against 1/4, 3/4: (1/4 + 1/4) / 2.
        assertThat(Distances.totalVariation(Map.of("a", 1L, "b", 1L), Map.of("a", 1L, "b", 3L)))
                .isCloseTo(0.25, within(EXACT));
        // 3/4, 1/4, 0 against 1/4, 1/4, 1/2: (1/2 + 0 + 1/2) / 2.
        assertThat(Distances.totalVariation(Map.of("x", 3L, "y", 1L), Map.of("x", 1L, "y", 1L, "z", 2L)))
                .isCloseTo(0.5, within(EXACT));
    }

    @Test
    void tvdComparesSharesNotCounts() {
        assertThat(Distances.totalVariation(Map.of("a", 1L, "b", 2L), Map.of("a", 20L, "b", 40L))).isZero();
    }

    @Test
    void tvdOfDistributionsWithNoValueInCommonIsOne() {
        assertThat(Distances.totalVariation(Map.of("LAS", 5L), Map.of("PHL", 2L, "ATL", 1L))).isEqualTo(1.0);
    }

    @Test
    void tvdWithAnEmptyDistributionIsZero() {
        assertThat(Distances.totalVariation(Map.of(), Map.of("a", 1L))).isZero();
        assertThat(Distances.totalVariation(Map.of("a", 1L), Map.of())).isZero();
        assertThat(Distances.totalVariation(Map.of("a", 0L), Map.of("b", 3L))).isZero();
    }

    private static double share(double[] sample, double x) {
        return Arrays.stream(sample).filter(v -> v <= x).count() / (double) sample.length;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
