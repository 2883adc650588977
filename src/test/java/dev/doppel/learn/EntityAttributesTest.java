package dev.doppel.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.JsonRowCodec;
import dev.doppel.model.EntityCopula;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.sample.SequenceSampler;
import dev.doppel.testing.KllSeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Made-up sessions whose attribute goes with their length and start time: 30% of users are from
 * "night" and mostly (85%) come at 02:xx UTC and stay for 20 events, the others are from "day" and
 * mostly come at 14:xx for 3 (the rest the other way round). The
 * learner must keep this in the entity copula, and the sampler must draw the country with the
 * length, given the hour an entity starts at. User keys are u and twelve random digits, room
 * enough for every synthetic entity's key to be its own.
 */
class EntityAttributesTest {

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration GAP = Duration.ofMinutes(30);
    private static final int USERS = 1_000;
    private static final double NIGHT_SHARE = 0.3;
    private static final int NIGHT_EVENTS = 20;
    private static final int DAY_EVENTS = 3;
    /** Share of each country's users that keep to its hour and length. */
    private static final double TYPICAL = 0.85;

    @TempDir
    static Path stateDir;

    private static ModelSnapshot model;
    /** The source's own sessions, as made. */
    private static final Sessions source = new Sessions();
    private static final List<Long> sourceStarts = new ArrayList<>();
    private static final List<String> sourceCountry = new ArrayList<>();

    @BeforeAll
    static void learnTheSessions() {
        KllSeed.set(11);
        Random random = new Random(5);
        List<long[]> timed = new ArrayList<>(); // {time, user}
        List<String> events = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            boolean night = user % 10 < NIGHT_SHARE * 10;
            boolean nightHour = night == random.nextDouble() < TYPICAL;
            boolean long_ = night == random.nextDouble() < TYPICAL;
            long day = user % 20;
            long start = T0.toEpochMilli() + Duration.ofDays(day).plusHours(nightHour ? 2 : 14).toMillis()
                    + random.nextInt(3_600_000);
            int count = long_ ? NIGHT_EVENTS : DAY_EVENTS;
            source.add(night ? "night" : "day", count);
            sourceStarts.add(start);
            sourceCountry.add(night ? "night" : "day");
            String key = String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
            for (int i = 0; i < count; i++) {
                String page = random.nextBoolean() ? "view" : "cart";
                events.add("{\"user\": \"u" + key + "\", \"country\": \"" + (night ? "night" : "day") + "\", \"page\": \"" + page + "\"}");
                timed.add(new long[] {start + i * 60_000L, events.size() - 1});
            }
        }
        timed.sort(Comparator.comparingLong((long[] event) -> event[0]));
        LearnerConfig config = new LearnerConfig("sessions", "models", Duration.ofDays(1), Duration.ZERO, Duration.ofSeconds(5), null)
                .withSequences("user", "page", GAP);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "entity-attributes");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                LearnTopology.build(config, new JsonRowCodec(), new ModelBuilder(Clock.systemUTC()), new LearnProgress()), props, T0)) {
            TestInputTopic<byte[], byte[]> source = driver.createInputTopic("sessions", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> models = driver.createOutputTopic("models", new StringDeserializer(), new ByteArrayDeserializer());
            long last = 0;
            for (long[] event : timed) {
                last = event[0];
                source.pipeInput(new TestRecord<>(null, events.get((int) event[1]).getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(last)));
            }
            source.pipeInput(new TestRecord<>(null, "{\"user\": \"after\"}".getBytes(StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(last + Duration.ofDays(2).toMillis())));
            driver.advanceWallClockTime(Duration.ofSeconds(6));
            List<byte[]> snapshots = models.readValuesToList();
            model = ModelFormat.fromBytes(snapshots.get(snapshots.size() - 1));
        }
    }

    @Test
    void theEntityCopulaCoversTheAttributeTheStartStateTheLengthAndTheStartHourOfEveryEndedEntity() {
        assertThat(model.sequences().attributes()).containsExactly("country");
        EntityCopula copula = model.sequences().entityCopula();
        assertThat(copula).isNotNull();
        assertThat(copula.columns()).containsExactly("country", "page", EntityCopula.EVENTS, EntityCopula.START_HOUR);
        // Refitted as the sample grows by a quarter: fitted on the last quarter's sample or later.
        assertThat(copula.entities()).isBetween((long) Math.ceil(USERS / ModelBuilder.JOINT_REFIT_GROWTH), (long) USERS);
        // Night users have most of the events, so "night" is the first category and takes the low
        // scores: it goes with many events and early starts.
        assertThat(copula.correlation("country", EntityCopula.EVENTS)).isLessThan(-0.5);
        assertThat(copula.correlation("country", EntityCopula.START_HOUR)).isGreaterThan(0.5);
    }

    @Test
    void givenTheSourcesStartTimesTheTwinsLongestEntitiesAreTheSourcesLongOnesCountries() {
        Random starts = new Random(8);
        Sessions twin = play(() -> sourceStarts.get(starts.nextInt(sourceStarts.size())), 200_000);

        // Tolerances: four standard errors of the twin's share, four of the source's (the copula is
        // fitted on that one sample of 1,000 users), and one step of the copula's quantiles over
        // entities, within which a category's share is interpolated.
        double grid = 1.0 / (EntityCopula.QUANTILES - 1);
        assertThat(twin.share("night")).as("night users among entities")
                .isCloseTo(source.share("night"), within(4 * twin.shareSe("night") + 4 * source.shareSe("night") + grid));
        // The chain's lengths are its own (an order-1 chain cannot have only 3 or 20 events), so the
        // link is by rank: the twin's longest entities, as many as the source's long ones, are night
        // users as often as the source's long ones were (71%, against 30% over all).
        long sourceLong = source.counts.values().stream().mapToLong(byLength -> byLength.getOrDefault((long) NIGHT_EVENTS, 0L)).sum();
        double longShare = sourceLong / (double) source.entities();
        double sourceNightIfLong = source.counts.get("night").getOrDefault((long) NIGHT_EVENTS, 0L) / (double) sourceLong;
        double twinNightIfLongest = twin.shareAmongLongest("night", longShare, new Random(2));
        long twinLongest = Math.round(longShare * twin.entities());
        assertThat(twinNightIfLongest).as("night users among the longest entities")
                .isCloseTo(sourceNightIfLong, within(4 * Math.sqrt(sourceNightIfLong * (1 - sourceNightIfLong) / twinLongest)
                        + 4 * Math.sqrt(sourceNightIfLong * (1 - sourceNightIfLong) / sourceLong) + grid));
    }

    @Test
    void theHourAnEntityStartsAtPicksItsCountry() {
        Random minutes = new Random(9);
        Sessions atNight = play(() -> T0.toEpochMilli() + Duration.ofHours(2).toMillis() + minutes.nextInt(3_600_000), 50_000);
        Sessions atDay = play(() -> T0.toEpochMilli() + Duration.ofHours(14).toMillis() + minutes.nextInt(3_600_000), 50_000);

        // Among the source's users starting at 02:xx, about 0.3 * 0.85 / (0.3 * 0.85 + 0.7 * 0.15) = 71%
        // are night users; at 14:xx about 7%. Without the start hour, either share would be 30%.
        double grid = 1.0 / (EntityCopula.QUANTILES - 1);
        assertThat(atNight.share("night")).as("entities starting at 02:xx that are night users")
                .isCloseTo(sourceNightAt(2), within(4 * atNight.shareSe("night") + 4 * sourceNightAtSe(2) + grid));
        assertThat(atDay.share("night")).as("entities starting at 14:xx that are night users")
                .isCloseTo(sourceNightAt(14), within(4 * atDay.shareSe("night") + 4 * sourceNightAtSe(14) + grid));
    }

    /** The share of night users among the source's users starting in hour {@code hour} (UTC). */
    private static double sourceNightAt(int hour) {
        return sourceCountries(hour).stream().filter("night"::equals).count() / (double) sourceCountries(hour).size();
    }

    private static double sourceNightAtSe(int hour) {
        double p = sourceNightAt(hour);
        return Math.sqrt(p * (1 - p) / sourceCountries(hour).size());
    }

    private static List<String> sourceCountries(int hour) {
        List<String> countries = new ArrayList<>();
        for (int i = 0; i < sourceStarts.size(); i++) {
            if (EntityCopula.hourOfDay(sourceStarts.get(i)) == hour) {
                countries.add(sourceCountry.get(i));
            }
        }
        return countries;
    }

    /** {@code events} events of the model's sampler, each written at the clock's time; ended entities only. */
    private static Sessions play(LongSupplier clock, int events) {
        SequenceSampler sampler = SequenceSampler.seeded(model, 3);
        Map<String, String> country = new HashMap<>();
        Map<String, Long> length = new HashMap<>();
        for (int i = 0; i < events; i++) {
            SequenceSampler.Event event = sampler.next(clock.getAsLong());
            country.putIfAbsent(event.key(), (String) event.row().get("country"));
            length.merge(event.key(), 1L, Long::sum);
        }
        Set<String> live = sampler.activeKeys();
        Sessions sessions = new Sessions();
        length.forEach((key, n) -> {
            if (!live.contains(key)) {
                sessions.add(country.get(key), n);
            }
        });
        return sessions;
    }

    /** Ended synthetic entities: how many per (country, length). */
    private static final class Sessions {
        final Map<String, Map<Long, Long>> counts = new HashMap<>();
        final Map<Long, Long> lengths = new HashMap<>();

        void add(String country, long length) {
            counts.computeIfAbsent(country, c -> new HashMap<>()).merge(length, 1L, Long::sum);
            lengths.merge(length, 1L, Long::sum);
        }

        long entities() {
            return lengths.values().stream().mapToLong(Long::longValue).sum();
        }

        double share(String country) {
            return counts.getOrDefault(country, Map.of()).values().stream().mapToLong(Long::longValue).sum() / (double) entities();
        }

        /** The share of {@code country} among the longest {@code fraction} of the entities, ties in length broken at random. */
        double shareAmongLongest(String country, double fraction, Random random) {
            List<Object[]> entities = new ArrayList<>();
            counts.forEach((name, byLength) -> byLength.forEach((length, n) -> {
                for (long i = 0; i < n; i++) {
                    entities.add(new Object[] {name, length, random.nextDouble()});
                }
            }));
            entities.sort(Comparator.comparingLong((Object[] e) -> (Long) e[1]).thenComparingDouble(e -> (Double) e[2]).reversed());
            int longest = (int) Math.round(fraction * entities.size());
            return entities.subList(0, longest).stream().filter(e -> e[0].equals(country)).count() / (double) longest;
        }

        double shareSe(String country) {
            double p = share(country);
            return Math.sqrt(p * (1 - p) / entities());
        }
    }
}
