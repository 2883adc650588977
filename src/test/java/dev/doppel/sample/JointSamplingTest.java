package dev.doppel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.EventFile;
import dev.doppel.codec.Row;
import dev.doppel.model.Dependency;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.stats.RowReservoir;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.KllSeed;
import dev.doppel.testing.RealData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The joint model on the real files: rows sampled whole keep the source's correlations and dependencies. */
class JointSamplingTest {

    private static final int SAMPLES = 20_000;

    private static ModelSnapshot storms;
    private static List<Row> realStorms;
    private static ModelSnapshot flights;
    private static Map<List<Object>, Set<Object>> realRouteDistances;
    private static Map<String, Long> realOrigins;

    @BeforeAll
    static void learnTheRealFiles() {
        KllSeed.set(2001);
        realStorms = rows(RealData.open(RealData.STORMS));
        storms = learn(realStorms, "storms");
        List<Row> realFlights = rows(RealData.open(RealData.FLIGHTS));
        realRouteDistances = new HashMap<>();
        realOrigins = new HashMap<>();
        for (Row row : realFlights) {
            realOrigins.merge((String) row.get("origin"), 1L, Long::sum);
            realRouteDistances.computeIfAbsent(route(row), route -> new HashSet<>()).add(row.get("distance"));
        }
        flights = learn(realFlights, "flights");
    }

    static List<Row> rows(EventFile file) {
        List<Row> rows = new ArrayList<>();
        file.read((line, reason, message) -> { }, (row, line) -> rows.add(row));
        return rows;
    }

    /** The learner's path without Kafka, the topic's reservoir full: rows → WindowStats → TopicStats → ModelBuilder. */
    static ModelSnapshot learn(List<Row> rows, String topic) {
        WindowStats window = new WindowStats(0, Long.MAX_VALUE, 1, RowReservoir.TOPIC_CAPACITY);
        for (int i = 0; i < rows.size(); i++) {
            window.observe(rows.get(i), i);
        }
        TopicStats stats = new TopicStats(topic, Long.MAX_VALUE);
        stats.add(window);
        return new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build(stats);
    }

    static List<Row> sample(ModelSnapshot model, long seed, int n) {
        EventSampler sampler = EventSampler.seeded(model, seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(sampler.next());
        }
        return rows;
    }

    static List<Object> route(Row row) {
        return java.util.Arrays.asList(row.get("origin"), row.get("destination"));
    }

    static double pearson(List<Row> rows, String a, String b) {
        return dev.doppel.testing.Correlations.pearson(rows, a, b);
    }

    @Test
    void sampledStormsKeepTheWindPressureCorrelationWithinFiveHundredths() {
        double real = pearson(realStorms, "wind", "pressure");
        double sampled = pearson(sample(storms, 11, SAMPLES), "wind", "pressure");

        assertThat(real).isLessThan(-0.9);
        assertThat(sampled).isCloseTo(real, org.assertj.core.api.Assertions.within(0.05));
    }

    @Test
    void noSampledFlightHasADistanceTheSourceNeverHadForItsRoute() {
        List<Row> sampled = sample(flights, 12, SAMPLES);

        for (Row row : sampled) {
            assertThat(realRouteDistances.getOrDefault(route(row), Set.of()))
                    .as("distances the source had for %s", route(row))
                    .contains(row.get("distance"));
        }
    }

    @Test
    void routesDrawnFromTheTableStillMatchTheSketchedOriginMarginal() {
        // Unraked, the table's 10,000 sampled rows alone would put the origins' TVD near 0.05.
        Map<String, Long> sampled = new HashMap<>();
        for (Row row : sample(flights, 15, 50_000)) {
            sampled.merge((String) row.get("origin"), 1L, Long::sum);
        }

        double tolerance = dev.doppel.testing.Tolerances.tvd(realOrigins, 50_000, flights.field("origin").categorical().unseenWeight());
        assertThat(dev.doppel.evaluate.Distances.totalVariation(sampled, realOrigins)).isLessThan(tolerance);
    }

    @org.junit.jupiter.params.ParameterizedTest
    // storm_id is an entity key: made up, so it has no marginal to match (NoRealIdentifierTest checks it).
    @org.junit.jupiter.params.provider.ValueSource(strings = {"name", "status"})
    void stormTextFieldsSampledJointlyMatchTheSketchedMarginal(String field) {
        Map<String, Long> real = new HashMap<>();
        realStorms.forEach(row -> real.merge((String) row.get(field), 1L, Long::sum));
        Map<String, Long> sampled = new HashMap<>();
        for (Row row : sample(storms, 16, 20_000)) {
            sampled.merge((String) row.get(field), 1L, Long::sum);
        }

        double tolerance = dev.doppel.testing.Tolerances.tvd(real, 20_000, storms.field(field).categorical().unseenWeight());
        assertThat(dev.doppel.evaluate.Distances.totalVariation(sampled, real)).isLessThan(tolerance);
    }

    @Test
    void theFlightsModelFoundThatARouteDeterminesItsDistance() {
        assertThat(flights.dependencies()).anySatisfy(dependency -> {
            assertThat(dependency.kind()).isEqualTo(Dependency.Kind.FUNCTIONAL);
            assertThat(dependency.fields()).containsExactlyInAnyOrder("origin", "destination", "distance");
        });
    }

    @Test
    void integerFieldsStayIntegersWithinTheirBoundsWhenSampledJointly() {
        for (Row row : sample(storms, 13, 2_000)) {
            assertThat(row.get("wind")).isInstanceOf(Long.class);
            assertThat((Long) row.get("wind")).isBetween((long) storms.field("wind").numeric().min(),
                    (long) storms.field("wind").numeric().max());
        }
    }

    @Test
    void givenFieldsHoldTheirValuesAndTheOthersAreDrawnConditionedOnThem() {
        EventSampler sampler = EventSampler.seeded(storms, 14);
        Set<List<Object>> realPairs = new HashSet<>();
        double realHurricaneWind = 0;
        double realWind = 0;
        int hurricanes = 0;
        for (Row row : realStorms) {
            realPairs.add(java.util.Arrays.asList(row.get("category"), row.get("status")));
            realWind += ((Number) row.get("wind")).doubleValue();
            if ("hurricane".equals(row.get("status"))) {
                realHurricaneWind += ((Number) row.get("wind")).doubleValue();
                hurricanes++;
            }
        }
        realHurricaneWind /= hurricanes;
        realWind /= realStorms.size();

        double sampledWind = 0;
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            Row row = sampler.next(Map.of("status", "hurricane"));
            assertThat(row.get("status")).isEqualTo("hurricane");
            assertThat(realPairs).contains(java.util.Arrays.asList(row.get("category"), row.get("status")));
            sampledWind += ((Number) row.get("wind")).doubleValue();
        }
        sampledWind /= n;
        // Conditioned on the state, the wind moves from the overall mean most of the way to the hurricanes' mean.
        assertThat(Math.abs(sampledWind - realHurricaneWind)).isLessThan(0.25 * Math.abs(realHurricaneWind - realWind));
    }

    @Test
    void learningStormsInSixPartitionsGivesTheSameCopulaAsInOne() {
        // As the learner does: one window report per partition (2,000 rows each at most), merged.
        TopicStats six = new TopicStats("storms", Long.MAX_VALUE);
        WindowStats[] partitions = new WindowStats[6];
        for (int p = 0; p < 6; p++) {
            partitions[p] = new WindowStats(0, Long.MAX_VALUE, 100 + p);
        }
        WindowStats one = new WindowStats(0, Long.MAX_VALUE, 99, RowReservoir.TOPIC_CAPACITY);
        for (int i = 0; i < realStorms.size(); i++) {
            Row row = realStorms.get(i);
            partitions[Math.floorMod(row.get("storm_id").hashCode(), 6)].observe(row, i);
            one.observe(row, i);
        }
        for (WindowStats partition : partitions) {
            six.add(partition);
        }
        TopicStats single = new TopicStats("storms", Long.MAX_VALUE);
        single.add(one);
        ModelBuilder builder = new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        ModelSnapshot fromSix = builder.build(six);
        ModelSnapshot fromOne = new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build(single);

        double r = fromOne.copula().correlation("wind", "pressure");
        double n1 = fromOne.copula().rows();
        double n6 = fromSix.copula().rows();
        // Two estimates from independent samples: the standard error of their difference.
        double tolerance = 3.29 * (1 - r * r) * Math.sqrt(1 / n1 + 1 / n6) + dev.doppel.stats.FieldStats.NUMBER_RANK_ERROR;
        assertThat(fromSix.copula().correlation("wind", "pressure")).isCloseTo(r, org.assertj.core.api.Assertions.within(tolerance));
        // Both find that the category determines the status (alone, or with the wind that determines both) (storm_id's table depends on how much of the
        // 512 storms each sample covers, so it is not compared).
        for (ModelSnapshot model : List.of(fromSix, fromOne)) {
            assertThat(model.dependencies()).anySatisfy(dependency -> assertThat(dependency.fields()).contains("category", "status"));
        }
    }
}
