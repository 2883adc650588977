package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.evaluate.Evaluation;
import dev.doppel.evaluate.EvaluationOptions;
import dev.doppel.evaluate.EvaluationReport;
import dev.doppel.evaluate.EventTable;
import dev.doppel.testing.RealData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationGaugesTest {

    @Test
    void theReportsScoresAreServedAsPrometheusGauges() throws Exception {
        EventTable storms = EventTable.read(RealData.open(RealData.STORMS), 2000, (line, reason, message) -> { });
        EvaluationReport report = Evaluation.run(storms, storms, null,
                EvaluationOptions.defaults().withFields("ts", "storm_id", null, List.of(), List.of()));

        try (EvaluationGauges gauges = new EvaluationGauges()) {
            assertThat(gauges.scrape()).contains("doppel_evaluate_overall NaN");
            gauges.update(report);
            int port = gauges.serve("127.0.0.1", 0);

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains(
                    "# HELP doppel_evaluate_overall Mean of the fidelity scores",
                    "doppel_evaluate_overall 1.0", "doppel_evaluate_c2st_auc 0.5", "doppel_evaluate_new_row_synthesis 0.0",
                    "doppel_evaluate_identifier_leaks 2000.0", "doppel_evaluate_source_events 2000.0",
                    "doppel_evaluate_markov_transition_tvd NaN");
        }
    }
}
