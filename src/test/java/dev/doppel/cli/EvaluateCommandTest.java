package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.testing.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doppel evaluate} on files, as a user runs it. */
class EvaluateCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFileAgainstItselfScoresOneFlagsTheCopiesAndWritesTheDocumentedJsonAndAPage() throws Exception {
        String storms = RealData.path(RealData.STORMS).toString();
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");

        CommandHarness.Result result = CommandHarness.run("evaluate", "--real", storms, "--synthetic", storms,
                "--time-field", "ts", "--key-field", "storm_id", "--state-field", "status", "--id-fields", "name",
                "--quasi-identifiers", "lat,long", "--report", json.toString(), "--html", html.toString()).ensureOk();

        assertThat(result.out()).contains("real: 11,859 events", "EXACT COPIES", "LEAK", "report written to", "html page written to");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(names(report)).containsExactly("fidelity", "privacy", "per_field", "pairs", "counts");
        assertThat(names(report.get("fidelity"))).containsExactly("column_shapes", "column_pair_trends", "markov_transition_tvd",
                "rate", "c2st_auc", "overall");
        assertThat(names(report.get("fidelity").get("rate"))).containsExactly("count_ratio", "hour_of_day_similarity",
                "inter_arrival_ks_complement", "score");
        assertThat(names(report.get("privacy"))).containsExactly("identifier_leaks", "new_row_synthesis",
                "dcr_overfitting_protection", "reidentification_rate", "epsilon");
        assertThat(report.at("/fidelity/overall").asDouble()).isEqualTo(1.0);
        assertThat(report.at("/fidelity/c2st_auc").asDouble()).isEqualTo(0.5);
        assertThat(report.at("/privacy/new_row_synthesis").asDouble()).isEqualTo(0.0);
        assertThat(report.at("/privacy/identifier_leaks").asLong()).isEqualTo(2 * 11_859L);
        assertThat(report.at("/privacy/dcr_overfitting_protection").isNull()).isTrue();
        assertThat(report.at("/per_field/wind/metric").asText()).isEqualTo("KSComplement");
        assertThat(report.at("/per_field/status/metric").asText()).isEqualTo("TVComplement");
        assertThat(report.at("/counts/real_rows").asLong()).isEqualTo(11_859);
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg").doesNotContain("<script");
    }

    @Test
    void maxCapsTheRowsReadAndTheReportSaysSo() throws Exception {
        String flights = RealData.path(RealData.FLIGHTS).toString();
        Path json = dir.resolve("r.json");

        CommandHarness.Result result = CommandHarness.run("evaluate", "--real", flights, "--synthetic", flights, "--max", "3000",
                "--report", json.toString()).ensureOk();

        assertThat(result.out()).contains("real: 3,000 events", "(capped by --max)");
        JsonNode counts = new ObjectMapper().readTree(json.toFile()).get("counts");
        assertThat(counts.get("real_rows").asLong()).isEqualTo(3000);
        assertThat(counts.get("max_rows_read_per_source").asLong()).isEqualTo(3000);
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() {
        String storms = RealData.path(RealData.STORMS).toString();

        CommandHarness.Result missing = CommandHarness.run("evaluate", "--real", dir.resolve("nope.csv").toString(), "--synthetic", storms);
        CommandHarness.Result unknownField = CommandHarness.run("evaluate", "--real", storms, "--synthetic", storms, "--time-field", "when");
        CommandHarness.Result topicWithoutBroker = CommandHarness.run("evaluate", "--real", storms, "--synthetic", "topic:mirror");

        for (CommandHarness.Result result : List.of(missing, unknownField, topicWithoutBroker)) {
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.err().strip().lines()).hasSize(1);
            assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(missing.err()).contains("input file not found");
        assertThat(unknownField.err()).contains("field when is not in the real data");
        assertThat(topicWithoutBroker.err()).contains("topic:mirror needs --bootstrap-servers");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
