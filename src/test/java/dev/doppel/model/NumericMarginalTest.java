package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumericMarginalTest {

    /** P(10) = 1/4, P(20) = 1/4, P(30) = 1/2. */
    private final NumericMarginal steps = new NumericMarginal(new double[] {10, 20, 30}, new double[] {0.25, 0.5, 1.0});

    @Test
    void aRankInsideAStepGivesThatStepsValue() {
        assertThat(steps.quantile(0.1)).isEqualTo(10);
        assertThat(steps.quantile(0.3)).isEqualTo(20);
        assertThat(steps.quantile(0.49)).isEqualTo(20);
        assertThat(steps.quantile(0.75)).isEqualTo(30);
    }

    @Test
    void aRankExactlyOnAStepBoundaryGivesTheNextStep() {
        // value i is drawn for the first i with cumulative[i] > u, so u = 0.25 is already past 10.
        assertThat(steps.quantile(Math.nextDown(0.25))).isEqualTo(10);
        assertThat(steps.quantile(0.25)).isEqualTo(20);
        assertThat(steps.quantile(Math.nextDown(0.5))).isEqualTo(20);
        assertThat(steps.quantile(0.5)).isEqualTo(30);
    }

    @Test
    void theEndsOfTheRankRangeGiveTheSmallestAndLargestValues() {
        assertThat(steps.quantile(0.0)).isEqualTo(10);
        assertThat(steps.quantile(Double.MIN_VALUE)).isEqualTo(10);
        assertThat(steps.quantile(Math.nextDown(1.0))).isEqualTo(30);
        assertThat(steps.min()).isEqualTo(10);
        assertThat(steps.max()).isEqualTo(30);
    }

    @Test
    void evenlySpacedRanksHitEachValueInProportionToItsStep() {
        // u = (i + 0.5) / 1000 for i < 1000: 250 fall below 0.25, 250 in [0.25, 0.5), 500 above.
        Map<Double, Integer> hits = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            hits.merge(steps.quantile((i + 0.5) / 1000), 1, Integer::sum);
        }

        assertThat(hits).containsOnly(Map.entry(10.0, 250), Map.entry(20.0, 250), Map.entry(30.0, 500));
    }

    @Test
    void aValueWithAnEmptyStepIsNeverDrawn() {
        NumericMarginal gap = new NumericMarginal(new double[] {1, 2, 3}, new double[] {0.5, 0.5, 1.0});

        assertThat(gap.quantile(Math.nextDown(0.5))).isEqualTo(1);
        assertThat(gap.quantile(0.5)).isEqualTo(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(gap.quantile(i / 1000.0)).isNotEqualTo(2);
        }
    }

    @Test
    void theCdfIsTheShareAtOrBelowAValue() {
        assertThat(steps.cdf(9.99)).isEqualTo(0);
        assertThat(steps.cdf(10)).isEqualTo(0.25);
        assertThat(steps.cdf(15)).isEqualTo(0.25);
        assertThat(steps.cdf(20)).isEqualTo(0.5);
        assertThat(steps.cdf(29.99)).isEqualTo(0.5);
        assertThat(steps.cdf(30)).isEqualTo(1);
        assertThat(steps.cdf(1e300)).isEqualTo(1);
    }

    @Test
    void theLastCumulativeWeightIsOneEvenIfRoundingLeftItShort() {
        NumericMarginal rounded = new NumericMarginal(new double[] {1, 2}, new double[] {0.3, 0.9999999});

        assertThat(rounded.cdf(2)).isEqualTo(1.0);
        assertThat(rounded.cumulative()).containsExactly(0.3, 1.0);
        assertThat(rounded.quantile(0.99999995)).isEqualTo(2);
    }

    @Test
    void theArraysCannotBeChangedFromOutside() {
        double[] values = {1, 2};
        NumericMarginal marginal = new NumericMarginal(values, new double[] {0.5, 1});

        values[0] = 5;
        marginal.values()[1] = 7;

        assertThat(marginal.values()).containsExactly(1, 2);
    }

    @Test
    void valuesMustAscendStrictlyAndCumulativeWeightsMustNotFall() {
        assertThatThrownBy(() -> new NumericMarginal(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NumericMarginal(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NumericMarginal(new double[] {2, 1}, new double[] {0.5, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NumericMarginal(new double[] {1, 1}, new double[] {0.5, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NumericMarginal(new double[] {1, 2}, new double[] {0.6, 0.5}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
