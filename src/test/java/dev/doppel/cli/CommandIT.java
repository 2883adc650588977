package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.codec.Row;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.codec.avro.RegistryAvroCodec;
import dev.doppel.codec.avro.RegistryKeyCodec;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.testing.SharedKafka;
import dev.doppel.testing.SharedRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands against the embedded broker, as a user runs them one after the other. */
class CommandIT {

    @TempDir
    Path dir;

    @Test
    void publishThenLearnOnceThenGenerateWritesAMirrorWithTheSourcesFields() throws Exception {
        String broker = SharedKafka.bootstrapServers();
        Path input = firstFlights(5_000);

        CommandHarness.Result published = CommandHarness.run("publish", "-b", broker, "-t", "cli-flights", "-i", input.toString(),
                "--time-field", "date", "--key-field", "origin", "--max-speed", "--partitions", "2").ensureOk();
        assertThat(published.out()).contains("created topic cli-flights with 2 partition(s)", "done: 5,000 events published");

        CommandHarness.Result learned = CommandHarness.run("learn", "-b", broker, "-s", "cli-flights", "--window", "1h",
                "--idle-close", "1s", "--once", "--state-dir", dir.resolve("state").toString()).ensureOk();
        assertThat(learned.out()).contains("created compacted model topic cli-flights.doppel-model", "read 5,000 events");

        CommandHarness.Result generated = CommandHarness.run("generate", "-b", broker, "-m", "cli-flights.doppel-model",
                "-o", "cli-flights.mirror", "--events", "2000", "--rate", "max", "--seed", "7").ensureOk();
        assertThat(generated.out()).contains("model of cli-flights: 5,000 events", "(seed 7)", "done: 2,000 events written");

        List<Row> mirror = new ArrayList<>();
        try (KafkaCluster cluster = KafkaCluster.of(broker, null, Duration.ofSeconds(10))) {
            TopicRows.read(cluster.clientProperties(), "cli-flights.mirror", new JsonRowCodec(), 0, Duration.ofSeconds(20), mirror::add);
        }
        assertThat(mirror).hasSize(2000).allSatisfy(row ->
                assertThat(row.values().keySet()).containsExactly("date", "delay", "distance", "origin", "destination"));
        assertThat(mirror).allSatisfy(row -> {
            assertThat(row.get("delay")).isInstanceOf(Long.class);
            assertThat((String) row.get("date")).matches("2001-01-01 \\d\\d:\\d\\d:00");
        });
    }

    @Test
    void withASchemaRegistryTheCommandsWriteAvroAndTheMirrorGetsTheSourcesSchema() throws Exception {
        String broker = SharedKafka.bootstrapServers();
        String registry = SharedRegistry.baseUrl();
        Path input = firstFlights(3_000);

        CommandHarness.Result published = CommandHarness.run("publish", "-b", broker, "--schema-registry", registry,
                "-t", "cli-avro", "-i", input.toString(), "--time-field", "date", "--max-speed").ensureOk();
        assertThat(published.out()).contains("as Avro, schema id ", "done: 3,000 events published");

        CommandHarness.run("learn", "-b", broker, "--schema-registry", registry, "-s", "cli-avro", "--window", "1h",
                "--idle-close", "1s", "--once", "--state-dir", dir.resolve("state").toString()).ensureOk();

        CommandHarness.Result withoutRegistry = CommandHarness.run("generate", "-b", broker, "-m", "cli-avro.doppel-model",
                "-o", "cli-avro.mirror", "--events", "10");
        assertThat(withoutRegistry.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(withoutRegistry.err()).contains("learned from Avro in a schema registry: give --schema-registry");

        CommandHarness.run("generate", "-b", broker, "--schema-registry", registry, "-m", "cli-avro.doppel-model",
                "-o", "cli-avro.mirror", "--events", "500", "--rate", "max", "--seed", "3").ensureOk();

        SchemaRegistryClient client = SharedRegistry.client();
        assertThat(client.latestVersion("cli-avro.mirror-value").schema().text())
                .isEqualTo(client.latestVersion("cli-avro-value").schema().text());
        List<Row> mirror = new ArrayList<>();
        try (KafkaCluster cluster = KafkaCluster.of(broker, null, Duration.ofSeconds(10))) {
            TopicRows.read(cluster.clientProperties(), "cli-avro.mirror", RegistryAvroCodec.forReading(client), 0,
                    Duration.ofSeconds(20), mirror::add);
        }
        assertThat(mirror).hasSize(500).allSatisfy(row ->
                assertThat(row.values().keySet()).containsExactly("date", "delay", "distance", "origin", "destination"));
    }

    @Test
    void avroKeysPublishedWithKeyFormatAvroGiveTheMirrorMadeUpAvroKeysUnderItsKeySubject() throws Exception {
        String broker = SharedKafka.bootstrapServers();
        String registry = SharedRegistry.baseUrl();
        Path input = firstFlights(3_000);

        CommandHarness.Result published = CommandHarness.run("publish", "-b", broker, "--schema-registry", registry,
                "-t", "cli-avro-keys", "-i", input.toString(), "--time-field", "date", "--key-field", "origin", "--key-format", "avro",
                "--max-speed").ensureOk();
        assertThat(published.out()).contains("done: 3,000 events published");
        CommandHarness.run("learn", "-b", broker, "--schema-registry", registry, "-s", "cli-avro-keys", "--window", "1h",
                "--idle-close", "1s", "--once", "--state-dir", dir.resolve("state").toString()).ensureOk();
        CommandHarness.Result shown = CommandHarness.run("model", "show", "-b", broker, "-m", "cli-avro-keys.doppel-model").ensureOk();
        assertThat(shown.out()).contains("keys: made up as ", "Avro string (wire format)");

        CommandHarness.Result generated = CommandHarness.run("generate", "-b", broker, "--schema-registry", registry,
                "-m", "cli-avro-keys.doppel-model", "-o", "cli-avro-keys.mirror", "--events", "500", "--rate", "max", "--seed", "5").ensureOk();
        assertThat(generated.out()).contains(", keys Avro, schema id ");

        SchemaRegistryClient client = SharedRegistry.client();
        assertThat(client.latestVersion("cli-avro-keys-key").schema().text()).isEqualTo("\"string\"");
        assertThat(client.latestVersion("cli-avro-keys.mirror-key").schema().text()).isEqualTo("\"string\"");
        RegistryKeyCodec keys = RegistryKeyCodec.forReading(client);
        Set<String> real = new HashSet<>();
        Set<String> synthetic = new HashSet<>();
        try (KafkaCluster cluster = KafkaCluster.of(broker, null, Duration.ofSeconds(10))) {
            TopicRows.readWithKeys(cluster.clientProperties(), "cli-avro-keys", RegistryAvroCodec.forReading(client), 0,
                    Duration.ofSeconds(20), (key, row) -> real.add(keys.decode(key).text()));
            TopicRows.readWithKeys(cluster.clientProperties(), "cli-avro-keys.mirror", RegistryAvroCodec.forReading(client), 0,
                    Duration.ofSeconds(20), (key, row) -> synthetic.add(keys.decode(key).text()));
        }
        assertThat(real).contains("LAS");
        assertThat(synthetic).isNotEmpty().doesNotContainAnyElementsOf(real);
    }

    @Test
    void learningATopicThatDoesNotExistFailsNamingIt() {
        CommandHarness.Result result = CommandHarness.run("learn", "-b", SharedKafka.bootstrapServers(), "-s", "no-such-topic",
                "--state-dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err().strip()).isEqualTo("doppel: source topic no-such-topic does not exist at " + SharedKafka.bootstrapServers());
    }

    @Test
    void generatingFromAModelTopicThatDoesNotExistFailsNamingIt() {
        CommandHarness.Result result = CommandHarness.run("generate", "-b", SharedKafka.bootstrapServers(), "-m", "no-such-models",
                "-o", "mirror");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err().strip()).isEqualTo("doppel: model topic no-such-models does not exist at " + SharedKafka.bootstrapServers());
    }

    @Test
    void generatingFromAnEmptyModelTopicSaysThereIsNoModelYet() {
        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(10))) {
            cluster.ensureTopic("empty-models", 1, true);
        }
        CommandHarness.Result result = CommandHarness.run("generate", "-b", SharedKafka.bootstrapServers(), "-m", "empty-models",
                "-o", "mirror", "--model-wait", "1s");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("model topic empty-models has no model yet");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    private Path firstFlights(int rows) throws Exception {
        Path file = dir.resolve("flights.csv");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                CommandIT.class.getResourceAsStream("/data/flights_2001_jan.csv"), StandardCharsets.UTF_8))) {
            Files.writeString(file, reader.lines().limit(rows + 1L).collect(Collectors.joining("\n", "", "\n")));
        }
        return file;
    }
}
