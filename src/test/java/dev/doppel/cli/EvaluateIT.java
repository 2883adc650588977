package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.testing.RealData;
import dev.doppel.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doppel evaluate} reading a topic, and {@code demo --input} on a real file, on the embedded broker. */
class EvaluateIT {

    @TempDir
    Path dir;

    @Test
    void aTopicHoldingTheFileScoresAsTheFileItself() throws Exception {
        String broker = SharedKafka.bootstrapServers();
        Path input = firstLines(RealData.path(RealData.FLIGHTS), 3_000, "flights.csv");
        CommandHarness.run("publish", "-b", broker, "-t", "eval-flights", "-i", input.toString(), "--time-field", "date",
                "--max-speed").ensureOk();
        Path json = dir.resolve("r.json");

        CommandHarness.Result result = CommandHarness.run("evaluate", "-b", broker, "--real", input.toString(),
                "--synthetic", "topic:eval-flights", "--time-field", "date", "--report", json.toString()).ensureOk();

        assertThat(result.out()).contains("synthetic: 3,000 events from topic eval-flights");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.at("/fidelity/overall").asDouble()).isEqualTo(1.0);
        assertThat(report.at("/privacy/new_row_synthesis").asDouble()).isEqualTo(0.0);
        assertThat(report.at("/per_field/date/type").asText()).isEqualTo("timestamp");
    }

    @Test
    void demoOnARealFileWritesTheTwinInTheInputsLayoutAndEvaluatesIt() throws Exception {
        // Storms are in storm order, not time order: the demo must publish them sorted.
        Path input = firstLines(RealData.path(RealData.STORMS), 2_000, "storms.csv");
        Path twin = dir.resolve("twin.csv");
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");

        CommandHarness.Result result = CommandHarness.run("demo", "--value-format", "json", "--input", input.toString(),
                "--time-field", "ts", "--key-field", "storm_id", "--state-field", "status", "--id-fields", "name",
                "--synthetic-out", twin.toString(), "--report", json.toString(), "--html", html.toString()).ensureOk();

        assertThat(result.out()).contains("[1/6]", "[2/6]", "[3/6]", "[4/6]", "[5/6]", "[6/6]",
                "publishing a sorted copy", "model: 2,000 events", "(0 late, dropped)", "generated 2,000 events", "markov transition tvd");
        List<String> lines = Files.readAllLines(twin);
        assertThat(lines.get(0)).isEqualTo(Files.readAllLines(input).get(0).replace("\"", ""));
        assertThat(lines).hasSize(2_001);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.at("/counts/synthetic_rows").asLong()).isEqualTo(2_000);
        assertThat(report.at("/fidelity/rate/count_ratio").asDouble()).isEqualTo(1.0);
        assertThat(Files.readString(html)).contains("Transitions of status");
    }

    @Test
    void continuouslyTheMirrorsWindowIsComparedWithTheSourcesAndTheScoresPrinted() throws Exception {
        String broker = SharedKafka.bootstrapServers();
        Path input = firstLines(RealData.path(RealData.FLIGHTS), 1_000, "flights.csv");
        // Without --time-field records are stamped now, so all of them are in the last 10 minutes.
        for (String topic : new String[] {"live-source", "live-mirror"}) {
            CommandHarness.run("publish", "-b", broker, "-t", topic, "-i", input.toString()).ensureOk();
        }

        CommandHarness.Result result = CommandHarness.run("evaluate", "--continuous", "-b", broker, "--real", "topic:live-source",
                "--synthetic", "topic:live-mirror", "--window", "10m", "--every", "3s", "--rounds", "1", "--metrics-port", "0").ensureOk();

        assertThat(result.out()).contains("over sliding 10m windows every 3s; gauges at http://127.0.0.1:",
                "source 1,000, mirror 1,000 events: overall 1.000", "c2st auc 0.500", "new rows 0.000");
    }

    @Test
    void continuousModeComparesTwoTopicsOnly() {
        CommandHarness.Result result = CommandHarness.run("evaluate", "--continuous", "-b", "127.0.0.1:1",
                "--real", RealData.path(RealData.FLIGHTS).toString(), "--synthetic", "topic:m");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("--continuous compares two topics");
    }

    /** The header and the first {@code rows} data lines of a CSV file. */
    private Path firstLines(Path source, int rows, String name) throws Exception {
        Path copy = dir.resolve(name);
        try (Stream<String> lines = Files.lines(source)) {
            Files.writeString(copy, lines.limit(rows + 1L).collect(Collectors.joining("\n", "", "\n")));
        }
        return copy;
    }
}
