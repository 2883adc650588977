package dev.doppel.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.ValueFormat;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.evaluate.Distances;
import dev.doppel.model.CategoricalMarginal;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.NumericMarginal;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.KllSeed;
import dev.doppel.testing.RealData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventSamplerTest {

    /** Significance of the distribution tests: each fails a correct sampler once in 1000 seeds. */
    private static final double ALPHA = 0.001;
    /** c(α) of the Kolmogorov-Smirnov test, sqrt(ln(2/α)/2), at α = 0.001. */
    private static final double KS_C = 1.95;
    private static final int SAMPLES = 50_000;

    private static ModelSnapshot flights;
    private static double[] realDelays;
    private static Map<String, Long> realOrigins;
    private static ModelSnapshot storms;
    private static double[] realLatitudes;

    @BeforeAll
    static void learnTheRealFiles() {
        KllSeed.set(2001);
        Map<String, Long> origins = new HashMap<>();
        List<Double> delays = new ArrayList<>();
        flights = learn(RealData.open(RealData.FLIGHTS), "flights", row -> {
            delays.add(((Long) row.get("delay")).doubleValue());
            origins.merge((String) row.get("origin"), 1L, Long::sum);
        });
        realDelays = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        realOrigins = origins;

        List<Double> latitudes = new ArrayList<>();
        storms = learn(RealData.open(RealData.STORMS), "storms", row -> latitudes.add((Double) row.get("lat")));
        realLatitudes = latitudes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** The learner's path without Kafka: rows → one WindowStats → TopicStats → ModelBuilder. */
    private static ModelSnapshot learn(EventFile file, String topic, java.util.function.Consumer<Row> alsoEach) {
        WindowStats window = new WindowStats(0, Long.MAX_VALUE);
        file.read((line, reason, message) -> { }, (row, line) -> {
            window.observe(row, line);
            alsoEach.accept(row);
        });
        TopicStats stats = new TopicStats(topic, Long.MAX_VALUE);
        stats.add(window);
        return new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build(stats);
    }

    private static List<Row> sample(ModelSnapshot model, long seed, int n) {
        EventSampler sampler = EventSampler.seeded(model, seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(sampler.next());
        }
        return rows;
    }

    @Test
    void theSameSeedGivesTheSameRows() {
        assertThat(sample(flights, 42, 1_000)).isEqualTo(sample(flights, 42, 1_000));
    }

    @Test
    void differentSeedsGiveDifferentRows() {
        List<Row> a = sample(flights, 42, 1_000);
        List<Row> b = sample(flights, 43, 1_000);

        assertThat(a).isNotEqualTo(b);
        // Not merely shifted or mostly shared: two independent draws of 1000 rows of five fields
        // agree on a whole row only by chance.
        long same = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        assertThat(same).isLessThan(10);
    }

    @Test
    void rowsHaveTheModelsFieldsInTheSourcesOrder() {
        assertThat(sample(flights, 1, 1).get(0).values().keySet())
                .containsExactly("date", "delay", "distance", "origin", "destination");
    }

    @Test
    void sampledFlightDelaysMatchTheRealOnesWithinTheKolmogorovSmirnovTolerance() {
        double[] sampled = sample(flights, 7, SAMPLES).stream()
                .mapToDouble(row -> (Long) row.get("delay")).sorted().toArray();

        assertWithinKsTolerance(sampled, realDelays);
    }

    @Test
    void sampledStormLatitudesMatchTheRealOnesWithinTheKolmogorovSmirnovTolerance() {
        double[] sampled = sample(storms, 8, SAMPLES).stream()
                .mapToDouble(row -> (Double) row.get("lat")).sorted().toArray();

        assertWithinKsTolerance(sampled, realLatitudes);
    }

    /**
     * KS(sample, real) ≤ KS(sample, model) + KS(model, real). The model's cdf is its KLL sketch's, within
     * ε = NUMBER_RANK_ERROR of the real cdf everywhere (99% confidence). A sample of m from the model
     * lies within c(α)/sqrt(m) of the model's cdf with probability 1 - α (Dvoretzky-Kiefer-Wolfowitz,
     * c = sqrt(ln(2/α)/2), also for discrete data); c(α)·sqrt((n+m)/(nm)) is wider still, so
     * tolerance = ε + c(α)·sqrt((n+m)/(nm)).
     */
    private static void assertWithinKsTolerance(double[] sampled, double[] real) {
        double n = real.length;
        double m = sampled.length;
        double tolerance = FieldStats.NUMBER_RANK_ERROR + KS_C * Math.sqrt((n + m) / (n * m));

        assertThat(Distances.kolmogorovSmirnov(sampled, real)).isLessThan(tolerance);
    }

    @Test
    void sampledOriginsMatchTheRealSharesWithinTheTotalVariationTolerance() {
        CategoricalMarginal origins = flights.field("origin").categorical();
        // 223 airports, well under the 768 the sketch counts exactly: the model's shares are the data's.
        assertThat(origins.unseenWeight()).isZero();
        assertThat(origins.values()).hasSize(realOrigins.size());
        Map<String, Long> sampled = new HashMap<>();
        sample(flights, 9, SAMPLES).forEach(row -> sampled.merge((String) row.get("origin"), 1L, Long::sum));

        // E[TVD] = ½·Σ E|p̂_i − p_i| ≤ ½·Σ sqrt(p_i(1−p_i)/m) (Jensen); one draw moves TVD by at most
        // 1/m, so McDiarmid gives P(TVD − E[TVD] ≥ t) ≤ exp(−2mt²), and t = sqrt(ln(1/α)/(2m)).
        double n = realOrigins.values().stream().mapToLong(Long::longValue).sum();
        double m = SAMPLES;
        double expected = 0;
        for (long count : realOrigins.values()) {
            double p = count / n;
            expected += 0.5 * Math.sqrt(p * (1 - p) / m);
        }
        double tolerance = expected + Math.sqrt(Math.log(1 / ALPHA) / (2 * m));

        assertThat(Distances.totalVariation(sampled, realOrigins)).isLessThan(tolerance);
    }

    @Test
    void theShareOfNullsMatchesTheRealNullRateWithinFourStandardDeviations() {
        // Counted with Python's csv module: 6,509 of the 11,859 storm rows have no diameter.
        double p = 6_509.0 / 11_859;
        FieldModel diameter = storms.field("tropicalstorm_force_diameter");
        assertThat(diameter.nullRate()).isCloseTo(p, within(1e-15));

        List<Row> rows = sample(storms, 10, SAMPLES);
        long nulls = rows.stream().filter(row -> row.get("tropicalstorm_force_diameter") == null).count();

        // Nulls among m draws are Binomial(m, p): within 4 standard deviations but for 6e-5 of seeds.
        double sd = Math.sqrt(p * (1 - p) / SAMPLES);
        assertThat((double) nulls / SAMPLES).isCloseTo(p, within(4 * sd));
        assertThat(rows).filteredOn(row -> row.get("tropicalstorm_force_diameter") != null)
                .allMatch(row -> row.get("tropicalstorm_force_diameter") instanceof Long);
        // A field that was never null is never null.
        assertThat(rows).noneMatch(row -> row.get("wind") == null);
    }

    @Test
    void sampledFlightTimesAreWrittenInTheSourcesLayoutWithinItsSpan() {
        TimestampFormat format = flights.field("date").timestampFormat();
        assertThat(format).isEqualTo(TimestampFormat.LOCAL_SPACE_SECONDS);

        for (Row row : sample(flights, 11, 2_000)) {
            String date = (String) row.get("date");
            Long millis = format.tryParse(date);
            assertThat(millis).as(date).isNotNull();
            assertThat(format.format(millis)).isEqualTo(date);
            assertThat(date).isBetween("2001-01-01 00:00:00", "2001-01-10 23:59:59");
        }
    }

    @Test
    void eachTypeIsSampledAsItsJavaType() {
        ModelSnapshot model = new ModelSnapshot("t", ValueFormat.JSON, null, 0, 1_000, 1, 10, 0, 1, new TreeMap<>(), List.of(
                new FieldModel("count", FieldType.LONG, null, 0,
                        new NumericMarginal(new double[] {1, 2, 3}, new double[] {0.2, 0.5, 1}), null, 0),
                new FieldModel("share", FieldType.DOUBLE, null, 0,
                        new NumericMarginal(new double[] {0.25, 0.5}, new double[] {0.5, 1}), null, 0),
                new FieldModel("day", FieldType.TIMESTAMP, TimestampFormat.DATE, 0,
                        new NumericMarginal(new double[] {0, 86_400_000}, new double[] {0.5, 1}), null, 0),
                new FieldModel("ok", FieldType.BOOLEAN, null, 0, null, null, 0.5),
                new FieldModel("word", FieldType.STRING, null, 0, null,
                        new CategoricalMarginal(List.of("a", "b"), new double[] {0.5, 0.5}, 0), 0),
                new FieldModel("gone", FieldType.LONG, null, 1.0, null, null, 0)));

        for (Row row : sample(model, 12, 200)) {
            assertThat(row.get("count")).isIn(1L, 2L, 3L);
            assertThat(row.get("share")).isIn(0.25, 0.5);
            assertThat(row.get("day")).isIn("1970-01-01", "1970-01-02");
            assertThat(row.get("ok")).isIn(true, false);
            assertThat(row.get("word")).isIn("a", "b");
            assertThat(row.get("gone")).isNull();
            assertThat(row.values()).containsKey("gone");
        }
    }

    @Test
    void theShareOfTrueMatchesTheTrueRateWithinFourStandardDeviations() {
        double p = 0.3;
        ModelSnapshot model = new ModelSnapshot("t", ValueFormat.JSON, null, 0, 1_000, 1, 10, 0, 1, new TreeMap<>(), List.of(
                new FieldModel("ok", FieldType.BOOLEAN, null, 0.2, null, null, p)));

        List<Row> rows = sample(model, 13, SAMPLES);
        List<Row> present = rows.stream().filter(row -> row.get("ok") != null).toList();
        long trues = present.stream().filter(row -> (Boolean) row.get("ok")).count();

        // Both shares are binomial: nulls among m rows at 0.2, trues among the k non-null ones at 0.3.
        assertThat((double) (rows.size() - present.size()) / SAMPLES)
                .isCloseTo(0.2, within(4 * Math.sqrt(0.2 * 0.8 / SAMPLES)));
        assertThat((double) trues / present.size())
                .isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / present.size())));
    }
}
