package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.TimestampFormat;
import dev.doppel.testing.KllSeed;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldStatsTest {

    /** 2001-01-01T00:00:00Z in epoch ms: 11,323 days after 1970-01-01. */
    private static final long NEW_YEAR_2001 = 11_323L * 86_400_000L;

    @Test
    void eachValueIsCountedUnderItsKind() {
        FieldStats stats = new FieldStats("f");
        for (Object value : new Object[] {
            null, 1L, 2, (short) 3, (byte) 4, 1.5, 2.5f, new BigDecimal("0.1"), true, false, true,
            "LAS", "PHL", "LAS", "2001-01-01 00:01:00", "2001-01-01 00:02:00", null
        }) {
            stats.observe(value);
        }

        assertThat(stats.count()).isEqualTo(17);
        assertThat(stats.nulls()).isEqualTo(2);
        assertThat(stats.longs()).isEqualTo(4);
        assertThat(stats.doubles()).isEqualTo(3);
        assertThat(stats.booleans()).isEqualTo(3);
        assertThat(stats.trues()).isEqualTo(2);
        assertThat(stats.texts()).isEqualTo(3);
        assertThat(stats.timestamps()).isEqualTo(2);
        assertThat(stats.timestampFormat()).isEqualTo(TimestampFormat.LOCAL_SPACE_SECONDS);
        // Numbers and timestamps (as epoch ms) share the quantiles sketch; texts go to the items sketch.
        assertThat(stats.numberSketch().getN()).isEqualTo(4 + 3 + 2);
        assertThat(stats.numberSketch().getMinItem()).isEqualTo(0.1);
        assertThat(stats.numberSketch().getMaxItem()).isEqualTo(NEW_YEAR_2001 + 120_000.0);
        assertThat(stats.itemSketch().getStreamLength()).isEqualTo(3);
        assertThat(stats.itemSketch().getEstimate("LAS")).isEqualTo(2);
        assertThat(stats.itemSketch().getEstimate("PHL")).isEqualTo(1);
    }

    @Test
    void aFieldWithOnlyNullsHasNoSketches() {
        FieldStats stats = new FieldStats("f");
        stats.observe(null);
        stats.observeNulls(4);

        assertThat(stats.count()).isEqualTo(5);
        assertThat(stats.nulls()).isEqualTo(5);
        assertThat(stats.numberSketch()).isNull();
        assertThat(stats.itemSketch()).isNull();
        assertThat(stats.timestampFormat()).isNull();
    }

    @Test
    void aFieldKeepsTheTimestampLayoutItSawFirstAndCountsOtherLayoutsAsText() {
        FieldStats stats = new FieldStats("f");
        stats.observe("hello");
        stats.observe("2001-01-01");
        stats.observe("2001-01-02");
        stats.observe("2001-01-01 00:01:00");

        assertThat(stats.timestampFormat()).isEqualTo(TimestampFormat.DATE);
        assertThat(stats.timestamps()).isEqualTo(2);
        assertThat(stats.texts()).isEqualTo(2);
        assertThat(stats.numberSketch().getMinItem()).isEqualTo(NEW_YEAR_2001);
        assertThat(stats.numberSketch().getMaxItem()).isEqualTo(NEW_YEAR_2001 + 86_400_000.0);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void mergingTwoHalvesGivesWhatOnePassGives(long seed) {
        KllSeed.set(seed);
        List<Object> values = mixedValues(new Random(seed), 40_000);
        FieldStats onePass = observeAll(values);
        FieldStats firstHalf = observeAll(values.subList(0, 20_000));
        FieldStats secondHalf = observeAll(values.subList(20_000, 40_000));

        firstHalf.merge(secondHalf);

        assertSameCounts(firstHalf, onePass);
        assertRanksAgree(firstHalf.numberSketch(), onePass.numberSketch(), numbersOf(values));
        assertExactItemCounts(firstHalf, values);
        assertExactItemCounts(onePass, values);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5, 6})
    void mergeGivesTheSameStatisticsInEitherOrder(long seed) {
        KllSeed.set(seed);
        List<Object> values = mixedValues(new Random(seed), 30_000);
        List<Object> a = values.subList(0, 10_000);
        List<Object> b = values.subList(10_000, 30_000);
        FieldStats ab = observeAll(a);
        ab.merge(observeAll(b));
        FieldStats ba = observeAll(b);
        ba.merge(observeAll(a));

        assertSameCounts(ab, ba);
        assertRanksAgree(ab.numberSketch(), ba.numberSketch(), numbersOf(values));
        assertExactItemCounts(ab, values);
        assertExactItemCounts(ba, values);
    }

    @Test
    void mergingTakesTheTimestampLayoutFromWhicheverSideHasOne() {
        FieldStats dates = new FieldStats("f");
        dates.observe("2001-01-01");
        FieldStats texts = new FieldStats("f");
        texts.observe("LAS");

        FieldStats datesThenTexts = dates.copy();
        datesThenTexts.merge(texts);
        FieldStats textsThenDates = texts.copy();
        textsThenDates.merge(dates);

        assertThat(datesThenTexts.timestampFormat()).isEqualTo(TimestampFormat.DATE);
        assertThat(textsThenDates.timestampFormat()).isEqualTo(TimestampFormat.DATE);
    }

    @Test
    void mergeLeavesTheOtherStatisticsAsTheyWere() {
        FieldStats a = observeAll(List.of(1L, 2L, "x"));
        FieldStats b = observeAll(List.of(3L, "y"));

        a.merge(b);

        assertThat(b.count()).isEqualTo(2);
        assertThat(b.numberSketch().getN()).isEqualTo(1);
        assertThat(b.itemSketch().getStreamLength()).isEqualTo(1);
        assertThat(a.count()).isEqualTo(5);
        assertThat(a.numberSketch().getN()).isEqualTo(3);
        assertThat(a.itemSketch().getStreamLength()).isEqualTo(2);
    }

    @Test
    void aCopyDoesNotChangeWhenTheOriginalDoes() {
        FieldStats original = observeAll(List.of(1L, "x", true));
        FieldStats copy = original.copy();

        original.observe(2L);
        original.observe("y");
        original.observe(false);

        assertThat(copy.count()).isEqualTo(3);
        assertThat(copy.numberSketch().getN()).isEqualTo(1);
        assertThat(copy.itemSketch().getStreamLength()).isEqualTo(1);
        assertThat(copy.booleans()).isEqualTo(1);
    }

    @Test
    void statisticsOfDifferentFieldsDoNotMerge() {
        assertThatThrownBy(() -> new FieldStats("a").merge(new FieldStats("b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Values of every kind. Numbers come from two populations (a standard normal and a spread-out
     * uniform shifted to 100..200) in turn by blocks, so that each half of the stream holds a different
     * mixture and a merge has real work to do. Strings are 500 distinct values, skewed.
     */
    static List<Object> mixedValues(Random random, int n) {
        List<Object> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean late = i >= n / 3;
            values.add(switch (random.nextInt(6)) {
                case 0 -> null;
                case 1 -> late ? 100 + random.nextInt(101) : Math.round(random.nextGaussian() * 10);
                case 2 -> late ? 100 + 100 * random.nextDouble() : random.nextGaussian();
                case 3 -> random.nextInt(4) == 0;
                default -> "item-" + (int) (500 * Math.pow(random.nextDouble(), 2));
            });
        }
        return values;
    }

    static FieldStats observeAll(List<Object> values) {
        FieldStats stats = new FieldStats("f");
        values.forEach(stats::observe);
        return stats;
    }

    static double[] numbersOf(List<Object> values) {
        return values.stream().filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
    }

    static void assertSameCounts(FieldStats actual, FieldStats expected) {
        assertThat(actual.count()).as("count").isEqualTo(expected.count());
        assertThat(actual.nulls()).as("nulls").isEqualTo(expected.nulls());
        assertThat(actual.longs()).as("longs").isEqualTo(expected.longs());
        assertThat(actual.doubles()).as("doubles").isEqualTo(expected.doubles());
        assertThat(actual.booleans()).as("booleans").isEqualTo(expected.booleans());
        assertThat(actual.trues()).as("trues").isEqualTo(expected.trues());
        assertThat(actual.texts()).as("texts").isEqualTo(expected.texts());
        assertThat(actual.timestamps()).as("timestamps").isEqualTo(expected.timestamps());
        assertThat(actual.timestampFormat()).as("timestamp format").isEqualTo(expected.timestampFormat());
        assertThat(actual.numberSketch().getN()).as("numbers").isEqualTo(expected.numberSketch().getN());
        assertThat(actual.numberSketch().getMinItem()).as("min").isEqualTo(expected.numberSketch().getMinItem());
        assertThat(actual.numberSketch().getMaxItem()).as("max").isEqualTo(expected.numberSketch().getMaxItem());
        assertThat(actual.itemSketch().getStreamLength()).as("strings").isEqualTo(expected.itemSketch().getStreamLength());
    }

    /**
     * Each sketch answers every rank within ε = NUMBER_RANK_ERROR of the true rank (99% confidence,
     * all queries at once), so two sketches of the same values answer within 2ε of each other. Probed
     * at the 1st to 99th percentiles of the exact values.
     */
    static void assertRanksAgree(KllDoublesSketch actual, KllDoublesSketch expected, double[] sortedValues) {
        double tolerance = 2 * FieldStats.NUMBER_RANK_ERROR;
        for (int percent = 1; percent < 100; percent++) {
            double x = sortedValues[(int) ((long) percent * sortedValues.length / 100)];
            assertThat(actual.getRank(x)).as("rank of %s (p%d)", x, percent).isCloseTo(expected.getRank(x), within(tolerance));
        }
    }

    /** Fewer than 768 distinct strings: the frequent-items sketch counts every one exactly. */
    static void assertExactItemCounts(FieldStats stats, List<Object> values) {
        Map<String, Long> exact = new HashMap<>();
        values.stream().filter(v -> v instanceof String).forEach(v -> exact.merge((String) v, 1L, Long::sum));
        assertThat(exact.size()).isLessThan(FieldStats.MAX_ITEMS * 3 / 4);
        assertThat(stats.itemSketch().getNumActiveItems()).isEqualTo(exact.size());
        assertThat(stats.itemSketch().getMaximumError()).isZero();
        exact.forEach((item, count) -> assertThat(stats.itemSketch().getEstimate(item)).as(item).isEqualTo(count));
        assertThat(stats.itemSketch().getEstimate("never-seen")).isZero();
    }
}
