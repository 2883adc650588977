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

    /** The header and the first {@code rows} data lines of a CSV file. */
    private Path firstLines(Path source, int rows, String name) throws Exception {
        Path copy = dir.resolve(name);
        try (Stream<String> lines = Files.lines(source)) {
            Files.writeString(copy, lines.limit(rows + 1L).collect(Collectors.joining("\n", "", "\n")));
        }
        return copy;
    }
}
