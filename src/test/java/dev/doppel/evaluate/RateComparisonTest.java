package dev.doppel.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateComparisonTest {

    private static final double MINUTE = 60_000;

    @Test
    void countRatioHourProfileAndInterArrivalsByHand() {
        // Real: 00:00, 00:30, 01:00; synthetic: 00:00, 01:00 (of 1970-01-01 UTC).
        double[] real = {0, 30 * MINUTE, 60 * MINUTE};
        double[] synthetic = {60 * MINUTE, 0, Double.NaN};

        RateComparison rate = RateComparison.of(real, synthetic);

        assertThat(rate.countRatio()).isCloseTo(2.0 / 3, within(1e-12));
        // Hours 0 and 1: real 2/3 and 1/3, synthetic 1/2 and 1/2: TVD 1/6.
        assertThat(rate.hourOfDaySimilarity()).isCloseTo(5.0 / 6, within(1e-12));
        // Gaps: real 30, 30 minutes; synthetic 60: disjoint, KS 1.
        assertThat(rate.interArrivalKsComplement()).isZero();
        assertThat(rate.score()).isCloseTo((2.0 / 3 + 5.0 / 6 + 0) / 3, within(1e-12));
    }

    @Test
    void theSameTimesScoreOne() {
        double[] times = {5 * MINUTE, 90 * MINUTE, 91 * MINUTE, 1000 * MINUTE};

        RateComparison rate = RateComparison.of(times, times.clone());

        assertThat(rate.countRatio()).isEqualTo(1.0);
        assertThat(rate.score()).isEqualTo(1.0);
    }

    @Test
    void timelineCountsEventsPerEqualSpan() {
        assertThat(RateComparison.timeline(new double[] {0, 1, 2, 9, 10, Double.NaN}, 0, 10, 5)).containsExactly(2, 1, 0, 0, 2);
    }
}
