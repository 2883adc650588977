package dev.doppel.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.FieldRole;
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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnTopologyTest {

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofSeconds(5);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> source;
    private TestOutputTopic<String, byte[]> models;
    private LearnProgress progress;

    @BeforeEach
    void startDriver() {
        LearnerConfig config = new LearnerConfig("events", "models", WINDOW, GRACE, IDLE);
        progress = new LearnProgress();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "learn-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                LearnTopology.build(config, new JsonRowCodec(), new ModelBuilder(Clock.systemUTC()), progress), props, T0);
        source = driver.createInputTopic("events", new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createOutputTopic("models", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aWindowIsLearnedOnceStreamTimePassesItsEndPlusGrace() {
        send("{\"amount\": 10, \"kind\": \"a\"}", T0.plusSeconds(1));
        send("{\"amount\": 20, \"kind\": \"b\"}", T0.plusSeconds(30));
        send("{\"amount\": 30, \"kind\": \"a\"}", T0.plusSeconds(65)); // next window; first not closed yet (grace)
        assertThat(models.isEmpty()).isTrue();

        send("{\"amount\": 40, \"kind\": \"a\"}", T0.plus(WINDOW).plus(GRACE)); // stream time reaches end + grace

        List<ModelSnapshot> snapshots = readModels();
        assertThat(snapshots).hasSize(1);
        ModelSnapshot model = snapshots.get(0);
        assertThat(model.sourceTopic()).isEqualTo("events");
        assertThat(model.events()).isEqualTo(2);
        assertThat(model.timeline()).containsExactly(java.util.Map.entry(T0.toEpochMilli(), 2L));
        assertThat(model.field("amount").type()).isEqualTo(FieldType.LONG);
        assertThat(model.field("amount").numeric().min()).isEqualTo(10.0);
        assertThat(model.field("amount").numeric().max()).isEqualTo(20.0);
        assertThat(model.field("kind").categorical().values()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void eachClosedWindowPublishesAModelOfEverythingLearnedSoFar() {
        for (int minute = 0; minute < 4; minute++) {
            for (int i = 0; i < 3; i++) {
                send("{\"amount\": " + (minute * 10 + i) + "}", T0.plus(Duration.ofMinutes(minute)).plusSeconds(i));
            }
        }
        send("{\"amount\": 99}", T0.plus(Duration.ofMinutes(10)));

        List<ModelSnapshot> snapshots = readModels();
        assertThat(snapshots).extracting(ModelSnapshot::events).containsExactly(3L, 6L, 9L, 12L);
        assertThat(snapshots.get(3).timeline()).hasSize(4).allSatisfy((start, count) -> assertThat(count).isEqualTo(3L));
        assertThat(progress.windowsClosed()).isEqualTo(4);
        assertThat(progress.openWindows()).isEqualTo(1);
    }

    @Test
    void badRecordsAreCountedByReasonAndSkippedWithoutStoppingTheStream() {
        send("{\"amount\": 1}", T0.plusSeconds(1));
        send("not json at all", T0.plusSeconds(2));
        send("[1, 2, 3]", T0.plusSeconds(3));
        source.pipeInput(new TestRecord<>(null, null, T0.plusSeconds(4)));
        send("{\"amount\": 2}", T0.plusSeconds(5));
        send("{\"amount\": 3}", T0.plus(WINDOW).plus(GRACE));

        assertThat(progress.badRecords()).containsOnly(
                java.util.Map.entry("not-json", 1L), java.util.Map.entry("not-json-object", 1L), java.util.Map.entry("null-value", 1L));
        assertThat(readModels()).singleElement().extracting(ModelSnapshot::events).isEqualTo(2L);
    }

    @Test
    void withADeadLetterTopicBadRecordsGoThereUnchangedWithTheirReasonAndOrigin() {
        driver.close();
        LearnerConfig config = new LearnerConfig("events", "models", WINDOW, GRACE, IDLE, "events.dead");
        progress = new LearnProgress();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "learn-test-dlq");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("dlq").toString());
        driver = new TopologyTestDriver(
                LearnTopology.build(config, new JsonRowCodec(), new ModelBuilder(Clock.systemUTC()), progress), props, T0);
        source = driver.createInputTopic("events", new ByteArraySerializer(), new ByteArraySerializer());
        TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic("events.dead", new ByteArrayDeserializer(), new ByteArrayDeserializer());

        send("{\"amount\": 1}", T0.plusSeconds(1));
        send("not json", T0.plusSeconds(2));

        List<TestRecord<byte[], byte[]>> letters = dead.readRecordsToList();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
            assertThat(header(letter, "doppel.reason")).isEqualTo("not-json");
            assertThat(header(letter, "doppel.origin")).isEqualTo("events-0@1");
            assertThat(header(letter, "doppel.error")).startsWith("value is not JSON");
        });
        assertThat(progress.eventsRead()).isEqualTo(1);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRecordForAWindowAlreadyClosedIsCountedAsLateAndNotLearned() {
        send("{\"amount\": 1}", T0.plusSeconds(1));
        send("{\"amount\": 2}", T0.plus(WINDOW).plus(GRACE));
        send("{\"amount\": 3}", T0.plusSeconds(2)); // its window closed with the record before

        assertThat(progress.lateEvents()).isEqualTo(1);
        assertThat(readModels()).singleElement().satisfies(model -> {
            assertThat(model.events()).isEqualTo(1);
            assertThat(model.field("amount").numeric().max()).isEqualTo(1.0);
        });
    }

    @Test
    void openWindowsCloseAfterTheIdleTimeWithoutRecords() {
        send("{\"amount\": 1}", T0.plusSeconds(1));
        send("{\"amount\": 2}", T0.plusSeconds(65)); // next window; the first waits out its grace
        assertThat(models.isEmpty()).isTrue();

        driver.advanceWallClockTime(IDLE.plusSeconds(1));

        List<ModelSnapshot> snapshots = readModels();
        assertThat(snapshots).extracting(ModelSnapshot::events).containsExactly(1L, 2L);
        assertThat(progress.settled()).isTrue();
    }

    @Test
    void nullsAndFieldsMissingFromSomeEventsGiveNullRates() {
        send("{\"a\": 1, \"b\": null}", T0.plusSeconds(1));
        send("{\"a\": 2}", T0.plusSeconds(2));
        send("{\"a\": 3, \"b\": \"x\", \"c\": true}", T0.plusSeconds(3));
        send("{\"a\": 4, \"b\": \"y\", \"c\": false}", T0.plusSeconds(4));
        driver.advanceWallClockTime(IDLE.plusSeconds(1));

        ModelSnapshot model = readModels().get(0);
        assertThat(model.field("a").nullRate()).isZero();
        assertThat(model.field("b").nullRate()).isCloseTo(0.5, within(1e-12));
        assertThat(model.field("c").nullRate()).isCloseTo(0.5, within(1e-12));
        assertThat(model.field("c").type()).isEqualTo(FieldType.BOOLEAN);
        assertThat(model.field("c").trueRate()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void theRecordKeysShapeIsLearnedButNoKeyReachesTheModel() {
        for (int i = 0; i < 40; i++) {
            byte[] key = i % 5 == 0 ? null : ("user-" + (1000 + i)).getBytes(StandardCharsets.UTF_8);
            source.pipeInput(new TestRecord<>(key, "{\"amount\": 1}".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(i)));
        }
        send("{\"amount\": 2}", T0.plus(WINDOW).plus(GRACE));

        ModelSnapshot model = readModels().get(0);
        assertThat(model.hasKeys()).isTrue();
        assertThat(model.key().role()).isEqualTo(FieldRole.IDENTIFIER);
        assertThat(model.key().nullRate()).isEqualTo(0.2);
        // 32 distinct keys are too few to show which letters each position had: whole classes only.
        assertThat(model.key().shape().patterns().get(0).describe()).isEqualTo("aaaa-9999");
        String bytes = new String(ModelFormat.toBytes(model), StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 40; i++) {
            assertThat(bytes).doesNotContain("user-" + (1000 + i));
        }
    }

    private void send(String json, Instant timestamp) {
        source.pipeInput(new TestRecord<>(null, json.getBytes(StandardCharsets.UTF_8), timestamp));
    }

    private List<ModelSnapshot> readModels() {
        return models.readValuesToList().stream().map(ModelFormat::fromBytes).toList();
    }
}
