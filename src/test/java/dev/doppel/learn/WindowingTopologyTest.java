package dev.doppel.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.JsonRowCodec;
import dev.doppel.model.HorizonWeights;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hopping windows, the horizon and the event-time field, on Kafka's TopologyTestDriver. */
class WindowingTopologyTest {

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration ADVANCE = Duration.ofSeconds(20);
    private static final Duration GRACE = Duration.ZERO;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> source;
    private TestOutputTopic<String, byte[]> models;

    private void start(LearnerConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "windowing-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LearnTopology.build(config, new JsonRowCodec(),
                new ModelBuilder(Clock.systemUTC(), config.windowing()), new LearnProgress()), props, T0);
        source = driver.createInputTopic("events", new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createOutputTopic("models", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void hoppingWindowsAreLearnedAsPanesOneAdvanceLongAndEachEventCountsOnce() {
        start(new LearnerConfig("events", "models", WINDOW, GRACE, Duration.ofSeconds(5), null).withWindowing(ADVANCE, 0, null));
        send("{\"x\": 1}", T0.plusSeconds(5));
        send("{\"x\": 2}", T0.plusSeconds(25));
        send("{\"x\": 3}", T0.plusSeconds(26));
        send("{\"x\": 4}", T0.plusSeconds(61)); // closes the panes [0, 20) and [20, 40) and [40, 60)

        List<ModelSnapshot> snapshots = readModels();

        // One model per pane closed (the empty pane [40, 60) has no report), each a model of everything so far.
        assertThat(snapshots).extracting(ModelSnapshot::events).containsExactly(1L, 3L);
        ModelSnapshot model = snapshots.get(1);
        assertThat(model.windowSizeMs()).isEqualTo(ADVANCE.toMillis());
        assertThat(model.timeline()).containsExactly(
                Map.entry(T0.toEpochMilli(), 1L), Map.entry(T0.plusSeconds(20).toEpochMilli(), 2L));
        assertThat(model.rate().windowMs()).isEqualTo(WINDOW.toMillis());
        assertThat(model.rate().advanceMs()).isEqualTo(ADVANCE.toMillis());
    }

    @Test
    void overAHorizonTheModelWeighsNewerWindowsMoreAndForgetsOlderOnes() {
        // Tumbling 20 s windows, horizon 2: the newest window weighs 1, the one before 2^-1.5, older ones 0.
        start(new LearnerConfig("events", "models", ADVANCE, GRACE, Duration.ofSeconds(5), null).withWindowing(ADVANCE, 2, null));
        int[] values = {100, 200, 300}; // window 0 is forgotten by the end, window 2 is the newest
        for (int window = 0; window < 3; window++) {
            for (int i = 0; i < 10; i++) {
                send("{\"x\": " + values[window] + "}", T0.plusSeconds(1 + 20L * window).plusMillis(i));
            }
        }
        send("{\"x\": 400}", T0.plusSeconds(61)); // closes window 2

        List<ModelSnapshot> snapshots = readModels();
        ModelSnapshot newest = snapshots.get(snapshots.size() - 1);

        assertThat(newest.events()).isEqualTo(30); // the counts are of everything learned
        assertThat(newest.rate().horizon()).isEqualTo(2);
        double older = HorizonWeights.window(1, 2) / (HorizonWeights.window(0, 2) + HorizonWeights.window(1, 2));
        assertThat(newest.field("x").numeric().min()).isEqualTo(200);
        assertThat(newest.field("x").numeric().cdf(200)).isCloseTo(older, within(1e-9));
        assertThat(newest.field("x").numeric().max()).isEqualTo(300);
    }

    @Test
    void overAHorizonTheCopulaFollowsACorrelationThatTurned() {
        // Tumbling 20 s windows, horizon 2. In windows 0 and 1, y rises with x; in windows 2 and 3 it
        // falls. Over everything the two cancel out; over the horizon (windows 2 and 3) y falls.
        start(new LearnerConfig("events", "models", ADVANCE, GRACE, Duration.ofSeconds(5), null).withWindowing(ADVANCE, 2, null));
        java.util.Random random = new java.util.Random(3);
        for (int window = 0; window < 4; window++) {
            for (int i = 0; i < 300; i++) {
                double x = random.nextDouble() * 100;
                double y = (window < 2 ? x : 100 - x) + random.nextGaussian() * 5;
                send("{\"x\": " + x + ", \"y\": " + y + "}", T0.plusSeconds(1 + 20L * window).plusMillis(i));
            }
        }
        send("{\"x\": 1, \"y\": 1}", T0.plusSeconds(81)); // closes window 3

        List<ModelSnapshot> snapshots = readModels();
        ModelSnapshot newest = snapshots.get(snapshots.size() - 1);

        assertThat(newest.copula().correlation("x", "y")).as("over the horizon").isLessThan(-0.9);
        // The model of window 1's close (windows 0 and 1 in the horizon) had y rising with x.
        assertThat(snapshots.get(1).copula().correlation("x", "y")).as("before the turn").isGreaterThan(0.9);
    }

    @Test
    void overAHorizonTheChainFollowsTransitionsThatChanged() {
        // Tumbling 20 s windows, horizon 2. In windows 0 and 1 each entity goes x -> y; in windows 2
        // and 3, x -> x. Over everything x's row is half and half; over the horizon, x -> x.
        start(new LearnerConfig("events", "models", ADVANCE, GRACE, Duration.ofSeconds(5), null)
                .withSequences("id", "s", Duration.ofSeconds(2)).withWindowing(ADVANCE, 2, null));
        for (int window = 0; window < 4; window++) {
            for (int entity = 0; entity < 20; entity++) {
                String id = "e" + window + "-" + entity;
                Instant first = T0.plusSeconds(20L * window).plusMillis(500L * entity);
                send("{\"id\": \"" + id + "\", \"s\": \"x\"}", first);
                send("{\"id\": \"" + id + "\", \"s\": \"" + (window < 2 ? "y" : "x") + "\"}", first.plusMillis(100));
            }
        }
        send("{\"id\": \"last\", \"s\": \"x\"}", T0.plusSeconds(100)); // closes window 3 and ends every entity

        List<ModelSnapshot> snapshots = readModels();
        dev.doppel.model.SequenceModel chain = snapshots.get(snapshots.size() - 1).sequences();
        int x = chain.states().indexOf("x");
        int y = chain.states().indexOf("y");
        long[] row = chain.transitionCounts()[x];

        assertThat(row[y]).as("x -> y, seen only before the horizon").isZero();
        assertThat(row[x]).as("x -> x").isPositive();
    }

    @Test
    void theFieldThatCarriesTheRecordTimestampBecomesTheEventTimeField() {
        start(new LearnerConfig("events", "models", WINDOW, GRACE, Duration.ofSeconds(5), null).withWindowing(WINDOW, 0, null));
        for (int i = 0; i < 200; i++) {
            Instant at = T0.plusMillis(250L * i);
            send("{\"when\": \"" + at + "\", \"other\": \"" + T0 + "\", \"n\": " + i + "}", at);
        }
        send("{\"when\": \"x\"}", T0.plus(WINDOW));

        ModelSnapshot model = readModels().get(0);

        assertThat(model.rate().timeField()).isEqualTo("when");
        assertThat(model.rate().meanGapMs()).isCloseTo(250, within(1e-9));
        assertThat(model.rate().burstiness()).isCloseTo(-1, within(1e-9)); // a metronome
        assertThat(model.rate().gaps().min()).isEqualTo(250);
    }

    @Test
    void aTimeFieldNamedByTheUserIsTakenAsIs() {
        start(new LearnerConfig("events", "models", WINDOW, GRACE, Duration.ofSeconds(5), null).withWindowing(WINDOW, 0, "other"));
        send("{\"other\": 1}", T0.plusSeconds(1));
        send("{\"other\": 2}", T0.plus(WINDOW));

        assertThat(readModels().get(0).rate().timeField()).isEqualTo("other");
    }

    private void send(String json, Instant timestamp) {
        source.pipeInput(new TestRecord<>(null, json.getBytes(StandardCharsets.UTF_8), timestamp));
    }

    private List<ModelSnapshot> readModels() {
        return models.readValuesToList().stream().map(ModelFormat::fromBytes).toList();
    }
}
