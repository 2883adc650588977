package dev.doppel.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.JsonRowCodec;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.SequenceModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learner's per-key stage on made-up entities: starts, transitions, gaps, ends, attributes. */
class SequenceLearnTest {

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final Duration GAP = Duration.ofMinutes(10);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> source;
    private TestOutputTopic<String, byte[]> models;

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void start(String keyField, String stateField) {
        LearnerConfig config = new LearnerConfig("events", "models", WINDOW, GRACE, IDLE, null).withSequences(keyField, stateField, GAP);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sequence-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                LearnTopology.build(config, new JsonRowCodec(), new ModelBuilder(Clock.systemUTC()), new LearnProgress()), props, T0);
        source = driver.createInputTopic("events", new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createOutputTopic("models", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    void startsTransitionsTimesToNextAndEndsAreCountedPerEntityWithTheStateFieldInferred() {
        start("id", null);
        send(null, "{\"id\": \"a\", \"s\": \"x\", \"country\": \"fr\", \"reading\": 1}", T0);
        send(null, "{\"id\": \"b\", \"s\": \"y\", \"country\": \"de\", \"reading\": 5}", T0.plusSeconds(30));
        send(null, "{\"id\": \"a\", \"s\": \"x\", \"country\": \"fr\", \"reading\": 2}", T0.plusSeconds(60));
        send(null, "{\"id\": \"b\", \"s\": \"x\", \"country\": \"de\", \"reading\": 6}", T0.plusSeconds(90));
        send(null, "{\"id\": \"a\", \"s\": \"y\", \"country\": \"fr\", \"reading\": 3}", T0.plusSeconds(180));
        // Hours later: a and b have ended (no event for the gap); this one keeps the stream going.
        send(null, "{\"id\": \"z\", \"country\": \"it\"}", T0.plus(Duration.ofHours(3)));
        driver.advanceWallClockTime(IDLE.plusSeconds(1));

        SequenceModel chain = lastModel().sequences();
        assertThat(chain).isNotNull();
        assertThat(chain.stateField()).isEqualTo("s"); // changes in 2 of 3 pairs; country never; id is the key
        assertThat(chain.keyField()).isEqualTo("id");
        assertThat(chain.states()).containsExactly("x", "y");
        assertThat(chain.startCounts()).containsExactly(1, 1);
        assertThat(chain.transitionCounts()[0]).containsExactly(1, 1, 1); // x -> x, x -> y, x -> end (b)
        assertThat(chain.transitionCounts()[1]).containsExactly(1, 0, 1); // y -> x (b), y -> end (a)
        assertThat(chain.timeToNextMs().get(0).values()).containsExactly(60_000, 120_000);
        assertThat(chain.timeToNextMs().get(1).values()).containsExactly(60_000);
        assertThat(chain.eventsPerEntity().values()).containsExactly(2, 3);
        assertThat(chain.attributes()).containsExactly("country");
        // 3 entities started over the timeline's span, from the first window's start to the last one's end.
        assertThat(chain.entityStartsPerSecond()).isCloseTo(3 / (4 * 3600.0), within(1e-12));
        // a lived 180 s and b 60 s: mean 120 s, times the start rate (Little's law).
        assertThat(chain.meanActiveEntities()).isCloseTo(3 / (4 * 3600.0) * 120, within(1e-12));
        assertThat(chain.entityGapMs()).isEqualTo(GAP.toMillis());
    }

    @Test
    void anEventAfterMoreThanTheGapStartsANewEntityOfTheSameKey() {
        start(null, "s");
        send("a", "{\"s\": \"x\"}", T0);
        send("a", "{\"s\": \"y\"}", T0.plus(Duration.ofMinutes(5)));
        send("a", "{\"s\": \"x\"}", T0.plus(Duration.ofMinutes(5)).plus(GAP).plusSeconds(1));
        send("z", "{}", T0.plus(Duration.ofHours(3)));
        driver.advanceWallClockTime(IDLE.plusSeconds(1));

        SequenceModel chain = lastModel().sequences();
        assertThat(chain.startCounts()).containsExactly(2, 0);
        assertThat(chain.transitionCounts()[0]).containsExactly(0, 1, 1);
        assertThat(chain.transitionCounts()[1]).containsExactly(0, 0, 1);
        assertThat(chain.eventsPerEntity().values()).containsExactly(1, 2);
    }

    @Test
    void endedEntitiesAreEvictedFromTheStoreAndLiveOnesKept() {
        start(null, "s");
        send("a", "{\"s\": \"x\"}", T0);
        send("b", "{\"s\": \"x\"}", T0.plus(Duration.ofHours(2)));
        send("c", "{\"s\": \"x\"}", T0.plus(Duration.ofHours(2)).plus(GAP));

        KeyValueStore<String, EntityState> store = driver.getKeyValueStore(SequenceProcessor.STORE);
        assertThat(store.get("a")).isNull();
        assertThat(store.get("b")).isNotNull();
        assertThat(store.get("c")).isNotNull();
        assertThat(store.approximateNumEntries()).isEqualTo(2);
    }

    @Test
    void aKeyFieldNamesTheEntityIsNeitherStateNorAttributeAndAConfiguredNumericStateIsUsed() {
        start("user", "level");
        send(null, "{\"user\": \"u1\", \"level\": 1, \"plan\": \"pro\"}", T0);
        send(null, "{\"user\": \"u2\", \"level\": 2, \"plan\": \"free\"}", T0.plusSeconds(10));
        send(null, "{\"user\": \"u1\", \"level\": 2, \"plan\": \"pro\"}", T0.plusSeconds(20));
        send(null, "{\"level\": 1, \"plan\": \"pro\"}", T0.plusSeconds(25)); // no key field: no entity
        send(null, "{\"user\": \"u2\", \"level\": 2, \"plan\": \"free\"}", T0.plusSeconds(40));
        send(null, "{\"user\": \"u9\"}", T0.plus(Duration.ofHours(3)));
        driver.advanceWallClockTime(IDLE.plusSeconds(1));

        ModelSnapshot model = lastModel();
        SequenceModel chain = model.sequences();
        assertThat(model.events()).isEqualTo(6); // the window stage still learns every event
        assertThat(chain.keyField()).isEqualTo("user");
        assertThat(chain.stateField()).isEqualTo("level");
        assertThat(chain.states()).containsExactly("1", "2");
        assertThat(chain.startCounts()).containsExactly(1, 1);
        assertThat(chain.transitionCounts()[0]).containsExactly(0, 1, 0);
        assertThat(chain.transitionCounts()[1]).containsExactly(0, 1, 2);
        assertThat(chain.attributes()).containsExactly("plan");
    }

    @Test
    void withoutAStateFieldThatChangesThereIsNoSequenceModel() {
        start("id", null);
        send(null, "{\"id\": \"a\", \"country\": \"fr\", \"reading\": 1}", T0);
        send(null, "{\"id\": \"a\", \"country\": \"fr\", \"reading\": 2}", T0.plusSeconds(60));
        send(null, "{\"id\": \"z\"}", T0.plus(Duration.ofHours(3)));
        driver.advanceWallClockTime(IDLE.plusSeconds(1));

        assertThat(lastModel().sequences()).isNull();
    }

    @Test
    void withNeitherKeyNorStateFieldEntitiesAreNotFollowedAtAll() {
        start(null, null);
        send("a", "{\"s\": \"x\"}", T0);
        send("a", "{\"s\": \"y\"}", T0.plusSeconds(60));
        send("z", "{\"s\": \"x\"}", T0.plus(Duration.ofHours(3)));
        driver.advanceWallClockTime(IDLE.plusSeconds(1));

        assertThat(lastModel().sequences()).isNull();
        assertThat(driver.getAllStateStores()).doesNotContainKey(SequenceProcessor.STORE);
    }

    @Test
    void beforeAnyEntityHasEndedThereIsNoSequenceModelForEntitiesWouldNeverEnd() {
        start(null, "s");
        send("a", "{\"s\": \"x\"}", T0);
        send("a", "{\"s\": \"y\"}", T0.plusSeconds(60));
        driver.advanceWallClockTime(IDLE.plusSeconds(1));

        ModelSnapshot model = lastModel();
        assertThat(model.events()).isEqualTo(2);
        assertThat(model.sequences()).isNull();
    }

    private void send(String key, String json, Instant timestamp) {
        source.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), timestamp));
    }

    private ModelSnapshot lastModel() {
        List<ModelSnapshot> snapshots = models.readValuesToList().stream().map(ModelFormat::fromBytes).toList();
        assertThat(snapshots).isNotEmpty();
        return snapshots.get(snapshots.size() - 1);
    }
}
