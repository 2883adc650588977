package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.FieldType;
import dev.doppel.profile.FieldRole;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.KllSeed;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelBuilderTest {

    private static FieldStats stats(Object... values) {
        FieldStats stats = new FieldStats("f");
        for (Object value : values) {
            stats.observe(value);
        }
        return stats;
    }

    @Test
    void aFieldTakesTheTypeMostOfItsValuesHad() {
        assertThat(ModelBuilder.majorityType(stats(1L, 2L, 3L, "n/a", "n/a"))).isEqualTo(FieldType.LONG);
        assertThat(ModelBuilder.majorityType(stats(1L, 2L, 0.5, "a", "b", "c", "d"))).isEqualTo(FieldType.STRING);
        assertThat(ModelBuilder.majorityType(stats(true, false, true, 1L, "x"))).isEqualTo(FieldType.BOOLEAN);
        assertThat(ModelBuilder.majorityType(stats("2001-01-01", "2001-01-02", "2001-01-03", "soon", 7L)))
                .isEqualTo(FieldType.TIMESTAMP);
        assertThat(ModelBuilder.majorityType(stats(null, null, null, "x"))).isEqualTo(FieldType.STRING);
    }

    @Test
    void aNumberFieldWithAnyDoubleIsADoubleField() {
        assertThat(ModelBuilder.majorityType(stats(1L, 2L, 3L, 0.5, "n/a"))).isEqualTo(FieldType.DOUBLE);
        assertThat(ModelBuilder.majorityType(stats(1L, 2L, 3L))).isEqualTo(FieldType.LONG);
    }

    @Test
    void theNullRateIsTheShareOfNullsAmongAllValues() {
        FieldModel model = ModelBuilder.fieldModel(stats(null, 1L, 2L, null, 3L, 4L, null, 5L, 6L, 7L, 8L, 9L));

        assertThat(model.nullRate()).isEqualTo(3.0 / 12);
        assertThat(model.alwaysNull()).isFalse();
    }

    @Test
    void aFieldWithOnlyNullsIsAlwaysNull() {
        FieldModel model = ModelBuilder.fieldModel(stats(null, null, null));

        assertThat(model.nullRate()).isEqualTo(1.0);
        assertThat(model.alwaysNull()).isTrue();
        assertThat(model.numeric()).isNull();
        assertThat(model.categorical()).isNull();
    }

    @Test
    void aFieldNeverSeenIsAlwaysNull() {
        assertThat(ModelBuilder.fieldModel(new FieldStats("f")).alwaysNull()).isTrue();
    }

    @Test
    void aBooleanFieldKeepsItsShareOfTrue() {
        FieldModel model = ModelBuilder.fieldModel(stats(true, true, false, true, null));

        assertThat(model.type()).isEqualTo(FieldType.BOOLEAN);
        assertThat(model.trueRate()).isEqualTo(0.75);
        assertThat(model.nullRate()).isEqualTo(0.2);
    }

    @Test
    void aStringFieldWeighsItsValuesByTheirShareMostFrequentFirst() {
        FieldModel model = ModelBuilder.fieldModel(stats("PHL", "LAS", "ATL", "LAS", "PHL", "LAS", null));

        CategoricalMarginal categorical = model.categorical();
        assertThat(categorical.values()).containsExactly("LAS", "PHL", "ATL");
        assertThat(categorical.weights()).containsExactly(3.0 / 6, 2.0 / 6, 1.0 / 6);
        assertThat(categorical.unseenWeight()).isZero();
        assertThat(model.nullRate()).isEqualTo(1.0 / 7);
    }

    @Test
    void categoricalWeightsAndTheUnseenWeightSumToOneWhenTheSketchCannotKeepEveryValue() {
        // 20,000 distinct values, far beyond the 1,024 the sketch keeps: a Zipf-like head it counts
        // nearly exactly and a long tail of values seen once or twice it must drop.
        Random random = new Random(11);
        FieldStats stats = new FieldStats("f");
        for (int i = 0; i < 100_000; i++) {
            stats.observe("v" + (int) Math.floor(Math.pow(20_000, random.nextDouble())));
        }

        // Inferred, these id-like values ("v123", 20,000 of them) would be an entity key; a profile keeps them categorical.
        CategoricalMarginal categorical = ModelBuilder.fieldModel(stats, FieldRole.CATEGORICAL).categorical();

        assertThat(categorical.values()).hasSizeLessThanOrEqualTo(FieldStats.MAX_ITEMS);
        assertThat(categorical.unseenWeight()).isPositive();
        assertThat(Arrays.stream(categorical.weights()).sum() + categorical.unseenWeight()).isCloseTo(1.0, within(1e-9));
        assertThat(Arrays.stream(categorical.weights()).min().orElseThrow()).isPositive();
    }

    @Test
    void aNumericMarginalStepsThroughTheDistinctValuesWithTheirCumulativeShares() {
        // Fewer values than the sketch's k: it holds them all, so the shares are exact.
        FieldModel model = ModelBuilder.fieldModel(stats(5L, 1L, 2L, 1L, null));

        assertThat(model.type()).isEqualTo(FieldType.LONG);
        assertThat(model.numeric().values()).containsExactly(1, 2, 5);
        assertThat(model.numeric().cumulative()).containsExactly(0.5, 0.75, 1.0);
    }

    @Test
    void aNumericMarginalKeepsAnAtomAndIsWithinTheSketchRankErrorOfTheData() {
        // 40% of the values are exactly 0 (like on-time flights), the rest spread over 1..1000.
        KllSeed.set(12);
        Random random = new Random(12);
        int n = 100_000;
        double[] data = new double[n];
        FieldStats stats = new FieldStats("delay");
        for (int i = 0; i < n; i++) {
            data[i] = random.nextDouble() < 0.4 ? 0 : 1 + random.nextInt(1000);
            stats.observe((long) data[i]);
        }
        Arrays.sort(data);

        NumericMarginal marginal = ModelBuilder.fieldModel(stats).numeric();

        // The marginal's cdf is the sketch's cdf, within NUMBER_RANK_ERROR of the data's at every
        // value (99% confidence, all values at once), checked at every percentile of the data.
        for (int percent = 1; percent < 100; percent++) {
            double x = data[percent * n / 100];
            assertThat(marginal.cdf(x)).as("cdf(%s)", x).isCloseTo(exactCdf(data, x), within(FieldStats.NUMBER_RANK_ERROR));
        }
        assertThat(marginal.min()).isEqualTo(0);
        assertThat(marginal.max()).isEqualTo(data[n - 1]);
    }

    @Test
    void aTimestampFieldKeepsItsFormatAndEpochMillis() {
        FieldModel model = ModelBuilder.fieldModel(stats("2001-01-01 00:01:00", "2001-01-01 00:03:00", null));

        assertThat(model.type()).isEqualTo(FieldType.TIMESTAMP);
        assertThat(model.timestampFormat()).isEqualTo(TimestampFormat.LOCAL_SPACE_SECONDS);
        // 2001-01-01T00:00:00Z is day 11,323 after the epoch.
        long newYear = 11_323L * 86_400_000L;
        assertThat(model.numeric().values()).containsExactly(newYear + 60_000, newYear + 180_000);
    }

    @Test
    void aSnapshotCarriesTheTopicsCountsTimelineAndFieldsInOrder() {
        TopicStats topic = new TopicStats("flights", 60_000);
        WindowStats first = new WindowStats(0, 60_000);
        first.observe(row("delay", 5L, "origin", "LAS"), 1_000);
        first.observe(row("delay", 7L, "origin", "PHL"), 2_000);
        WindowStats second = new WindowStats(120_000, 180_000);
        second.observe(row("delay", 9L, "origin", "LAS"), 150_000);
        topic.add(first);
        topic.add(second);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(42_000), ZoneOffset.UTC);

        ModelSnapshot snapshot = new ModelBuilder(clock).build(topic);

        assertThat(snapshot.sourceTopic()).isEqualTo("flights");
        assertThat(snapshot.builtAt()).isEqualTo(42_000);
        assertThat(snapshot.windowSizeMs()).isEqualTo(60_000);
        assertThat(snapshot.windowReports()).isEqualTo(2);
        assertThat(snapshot.events()).isEqualTo(3);
        assertThat(snapshot.firstEvent()).isEqualTo(1_000);
        assertThat(snapshot.lastEvent()).isEqualTo(150_000);
        assertThat(snapshot.timeline()).containsExactly(entry(0L, 2L), entry(120_000L, 1L));
        assertThat(snapshot.fields()).extracting(FieldModel::name).containsExactly("delay", "origin");
        assertThat(snapshot.field("delay").type()).isEqualTo(FieldType.LONG);
        assertThat(snapshot.field("origin").categorical().values()).containsExactly("LAS", "PHL");
        // 3 events over windows 0 .. 180,000 ms.
        assertThat(snapshot.meanEventsPerSecond()).isEqualTo(3 / 180.0);
    }

    @Test
    void aFieldThatTurnsOutToBeAKeyLeavesTheCopulaEvenBeforeTheReservoirHasGrownEnoughToRefit() {
        // 400 events of 20 sensors: "sensor" looks categorical and joins the copula with its reading.
        TopicStats topic = new TopicStats("readings", 60_000);
        WindowStats first = new WindowStats(0, 60_000);
        for (int i = 0; i < 400; i++) {
            first.observe(row("sensor", String.format("S%04d", i % 20), "reading", (double) (i % 20) + (i % 7) / 10.0), i);
        }
        topic.add(first);
        ModelBuilder builder = new ModelBuilder(Clock.systemUTC());
        assertThat(builder.build(topic).copula().fields()).contains("sensor");

        // 90 more events (less than the growth that refits), of new sensors: 110 distinct id-shaped
        // values, so "sensor" is an entity key now and has no categorical marginal in the model.
        WindowStats second = new WindowStats(60_000, 120_000);
        for (int i = 0; i < 90; i++) {
            second.observe(row("sensor", String.format("S%04d", 100 + i), "reading", (double) i), 60_000 + i);
        }
        topic.add(second);
        ModelSnapshot after = builder.build(topic);

        assertThat(after.field("sensor").role().synthesized()).isTrue();
        assertThat(after.copula() == null ? List.<String>of() : after.copula().fields()).doesNotContain("sensor");
    }

    private static Row row(Object... namesAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return Row.of(values);
    }

    private static double exactCdf(double[] sorted, double x) {
        int index = Arrays.binarySearch(sorted, x);
        if (index < 0) {
            return (double) (-index - 1) / sorted.length;
        }
        while (index < sorted.length && sorted[index] == x) {
            index++;
        }
        return (double) index / sorted.length;
    }
}
