package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.codec.Row;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.testing.SharedKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** learn --model-out, model show and generate --model-file --rate follow, as a user runs them. */
class RateCommandsIT {

    @TempDir
    Path dir;

    @Test
    void aLearnedModelFileIsShownAndFollowedByTheGenerator() throws Exception {
        String broker = SharedKafka.bootstrapServers();
        Path input = dir.resolve("flights.csv");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                RateCommandsIT.class.getResourceAsStream("/data/flights_2001_jan.csv"), StandardCharsets.UTF_8))) {
            Files.writeString(input, reader.lines().limit(4_001).collect(Collectors.joining("\n", "", "\n")));
        }
        Path modelFile = dir.resolve("flights.model");

        CommandHarness.run("publish", "-b", broker, "-t", "rate-flights", "-i", input.toString(), "--time-field", "date",
                "--max-speed", "--partitions", "2").ensureOk();
        CommandHarness.Result learned = CommandHarness.run("learn", "-b", broker, "-s", "rate-flights", "--window", "1h",
                "--advance", "30m", "--horizon", "3", "--idle-close", "1s", "--once", "--model-out", modelFile.toString(),
                "--state-dir", dir.resolve("state").toString()).ensureOk();
        assertThat(learned.out()).contains("in 1h windows advancing by 30m", "newest model written to " + modelFile);

        ModelSnapshot model = ModelFormat.read(modelFile);
        assertThat(model.events()).isEqualTo(4_000);
        assertThat(model.rate().timeField()).isEqualTo("date");
        assertThat(model.rate().horizon()).isEqualTo(3);

        CommandHarness.Result fromFile = CommandHarness.run("model", "show", "--model-file", modelFile.toString()).ensureOk();
        CommandHarness.Result fromTopic = CommandHarness.run("model", "show", "-b", broker, "-m", "rate-flights.doppel-model").ensureOk();
        assertThat(fromFile.out()).contains("model of rate-flights (JSON)", "learned from 4,000 events",
                "windows: 1h hopping by 30m; distributions over the newest 3 windows", "event time: field date");
        assertThat(fromTopic.out()).isEqualTo(fromFile.out());

        CommandHarness.Result generated = CommandHarness.run("generate", "-b", broker, "--model-file", modelFile.toString(),
                "-o", "rate-flights.mirror", "--rate", "follow", "--speed", "max", "--seed", "5").ensureOk();
        assertThat(generated.out()).contains("the source's rate timeline", "as fast as possible", "done: 4,000 events written");

        List<Row> mirror = new ArrayList<>();
        try (KafkaCluster cluster = KafkaCluster.of(broker, null, Duration.ofSeconds(10))) {
            TopicRows.read(cluster.clientProperties(), "rate-flights.mirror", new JsonRowCodec(), 0, Duration.ofSeconds(20), mirror::add);
        }
        assertThat(mirror).hasSize(4_000);
        // The timeline is replayed in order: the mirror's event times ascend, as the source's did.
        List<String> dates = mirror.stream().map(row -> (String) row.get("date")).toList();
        assertThat(dates).isSorted();
        assertThat(dates.get(0)).startsWith("2001-01-01 00:");
    }
}
