package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.Row;
import dev.doppel.testing.KllSeed;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class RateStatsTest {

    private static final long T0 = 978_307_200_000L; // 2001-01-01T00:00:00Z

    private static Row row(Object... namesAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return Row.of(values);
    }

    @Test
    void gapsAreTakenBetweenConsecutiveEventsAndAnOutOfOrderEventGivesNone() {
        RateStats rate = new RateStats();
        rate.observe(row(), 1000);
        rate.observe(row(), 1500);
        rate.observe(row(), 1200); // out of order: no gap, and the pace goes on from 1500
        rate.observe(row(), 2500);

        assertThat(rate.gapCount()).isEqualTo(2);
        assertThat(rate.gapSum()).isEqualTo(500 + 1000);
        assertThat(rate.gapSquares()).isEqualTo(500.0 * 500 + 1000.0 * 1000);
        assertThat(rate.gapSketch().getMinItem()).isEqualTo(500);
        assertThat(rate.gapSketch().getMaxItem()).isEqualTo(1000);
    }

    @Test
    void aFieldCountsAsMatchingWhenItsValueIsWithinOneSecondOfTheRecordTimestamp() {
        RateStats rate = new RateStats();
        rate.observe(row("date", "2001-01-01 00:00:01", "epoch", T0 + 999, "origin", "ORD"), T0);
        rate.observe(row("date", "2001-01-01 00:00:02", "epoch", T0 + 3001, "origin", "2001-01-01 00:00:00"), T0 + 2000);

        assertThat(rate.timeMatches()).containsEntry("date", 2L).containsEntry("epoch", 1L).doesNotContainKey("origin");
    }

    @Test
    void mergingTwoPartitionsGivesTheStatisticsOfAllTheirGaps() {
        KllSeed.set(7);
        Random random = new Random(11);
        RateStats first = new RateStats();
        RateStats second = new RateStats();
        RateStats both = new RateStats();
        long a = T0;
        long b = T0;
        for (int i = 0; i < 20_000; i++) {
            a += (long) (-Math.log(1 - random.nextDouble()) * 1000);
            b += 100 + random.nextInt(50);
            first.observe(row("t", a), a);
            second.observe(row("t", b), b);
        }
        RateStats merged = new RateStats();
        merged.merge(first);
        merged.merge(second);

        assertThat(merged.gapCount()).isEqualTo(first.gapCount() + second.gapCount());
        assertThat(merged.gapSum()).isCloseTo(first.gapSum() + second.gapSum(), within(1e-6));
        assertThat(merged.timeMatches()).containsEntry("t", 40_000L);
        // Half the gaps are below 150 ms (the regular partition), so the median sits at its top.
        // Allowed: the sketch's rank error plus 4 standard deviations of the exponential half's share.
        double expected = 0.5 + 0.5 * (1 - Math.exp(-0.151));
        double tolerance = KllDoublesSketch.getNormalizedRankError(FieldStats.KLL_K, true) + 4 * Math.sqrt(0.14 * 0.86 / 20_000) / 2;
        assertThat(merged.gapSketch().getRank(150)).isCloseTo(expected, within(tolerance));
    }

    @Test
    void windowAndTopicStatisticsKeepTheirRateStatisticsThroughTheirFormat() {
        WindowStats window = new WindowStats(T0, T0 + 60_000);
        window.observe(row("date", "2001-01-01 00:00:01"), T0 + 1000);
        window.observe(row("date", "2001-01-01 00:00:05"), T0 + 5000);
        TopicStats topic = new TopicStats("flights", 60_000);
        topic.add(window);

        WindowStats windowBack = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(window));
        TopicStats topicBack = StatsFormat.topicStatsFromBytes(StatsFormat.toBytes(topic));

        for (RateStats rate : new RateStats[] {windowBack.rate(), topicBack.rate()}) {
            assertThat(rate.gapCount()).isEqualTo(1);
            assertThat(rate.gapSum()).isEqualTo(4000);
            assertThat(rate.timeMatches()).containsExactly(Map.entry("date", 2L));
        }
    }
}
