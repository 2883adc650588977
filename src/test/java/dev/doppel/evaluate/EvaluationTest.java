package dev.doppel.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.Row;
import dev.doppel.errors.BadInputException;
import dev.doppel.testing.RealData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static EventTable storms() {
        return EventTable.read(RealData.open(RealData.STORMS), 0, (line, reason, message) -> { });
    }

    private static EventTable flights(int max) {
        return EventTable.read(RealData.open(RealData.FLIGHTS), max, (line, reason, message) -> { });
    }

    @Test
    void aRealFileAgainstItselfScoresOneAndIsFlaggedAsACopyThatLeaksEveryKey() {
        EventTable storms = storms();
        EvaluationOptions options = EvaluationOptions.defaults().withFields("ts", "storm_id", "status", List.of("name"), List.of());

        EvaluationReport report = Evaluation.run(storms, storms, null, options);

        assertThat(report.fidelity().columnShapes()).isEqualTo(1.0);
        assertThat(report.fidelity().columnPairTrends()).isEqualTo(1.0);
        assertThat(report.fidelity().markovTransitionTvd()).isEqualTo(0.0);
        assertThat(report.fidelity().rate().score()).isEqualTo(1.0);
        assertThat(report.fidelity().c2stAuc()).isEqualTo(0.5);
        assertThat(report.fidelity().overall()).isEqualTo(1.0);
        assertThat(report.privacy().newRowSynthesis()).isEqualTo(0.0);
        assertThat(report.counts().get("synthetic_rows_copying_a_real_row")).isEqualTo(report.counts().get("new_row_synthesis_rows"));
        assertThat(report.privacy().identifierLeaks()).isEqualTo(2L * storms.size());
        assertThat(report.summary()).contains("LEAK").contains("EXACT COPIES");
        assertThat(report.perField().get("storm_id").role()).isEqualTo("identifier");
        assertThat(report.perField().get("storm_id").score()).isNull();
    }

    @Test
    void aColumnShuffledCopyKeepsTheShapesAndLosesThePairTrendsThatTwoHalvesKeep() {
        EventTable flights = flights(40_000);
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>(flights.rows());
        Collections.shuffle(rows, random);
        EventTable firstHalf = EventTable.of(rows.subList(0, rows.size() / 2), flights.types(), flights.timestampFormats());
        EventTable secondHalf = EventTable.of(rows.subList(rows.size() / 2, rows.size()), flights.types(), flights.timestampFormats());
        EventTable shuffled = shuffleColumns(flights, random);
        EvaluationOptions options = EvaluationOptions.defaults().withFields("date", null, null, List.of(), List.of());

        EvaluationReport againstShuffled = Evaluation.run(flights, shuffled, null, options);
        EvaluationReport halves = Evaluation.run(firstHalf, secondHalf, null, options);

        assertThat(againstShuffled.fidelity().columnShapes()).isEqualTo(1.0);
        // Two random halves differ only by sampling noise; breaking every link between columns must
        // cost more than that, in the pairs and in the classifier's eyes.
        assertThat(againstShuffled.fidelity().columnPairTrends()).isLessThan(halves.fidelity().columnPairTrends());
        assertThat(againstShuffled.pairs()).filteredOn(p -> p.a().equals("origin") && p.b().equals("destination"))
                .singleElement().satisfies(pair -> assertThat(pair.score())
                        .isLessThan(halves.pairs().stream().filter(p -> p.a().equals("origin") && p.b().equals("destination"))
                                .findFirst().orElseThrow().score()));
        assertThat(againstShuffled.fidelity().c2stAuc()).isGreaterThan(halves.fidelity().c2stAuc());
        assertThat(againstShuffled.fidelity().overall()).isLessThan(halves.fidelity().overall());
    }

    @Test
    void aHoldoutOfTheSameSourceIsNotCloserThanTheTrainingRowsButCopiesAre() {
        EventTable flights = flights(20_000);
        List<Row> rows = new ArrayList<>(flights.rows());
        Collections.shuffle(rows, new Random(11));
        EventTable training = EventTable.of(rows.subList(0, 10_000), flights.types(), flights.timestampFormats());
        EventTable holdout = EventTable.of(rows.subList(10_000, 20_000), flights.types(), flights.timestampFormats());
        EvaluationOptions options = new EvaluationOptions("date", null, null, List.of(), List.of("origin", "destination"), 42, 1000, 500, 5000);

        EvaluationReport copies = Evaluation.run(training, training, holdout, options);

        assertThat(copies.privacy().dcrOverfittingProtection()).isEqualTo(0.0);
        assertThat(copies.privacy().reidentificationRate()).isPositive();
    }

    @Test
    void aFieldThatIsNotInTheRealDataIsBadInput() {
        EventTable storms = storms();
        EvaluationOptions options = EvaluationOptions.defaults().withFields("when", null, null, List.of(), List.of());

        Assertions.assertThatThrownBy(() -> Evaluation.run(storms, storms, null, options))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("field when is not in the real data");
    }

    private static EventTable shuffleColumns(EventTable table, Random random) {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        table.types().keySet().forEach(field -> {
            List<Object> values = new ArrayList<>();
            table.rows().forEach(row -> values.add(row.get(field)));
            Collections.shuffle(values, random);
            columns.put(field, values);
        });
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            int at = i;
            columns.forEach((field, values) -> row.put(field, values.get(at)));
            rows.add(Row.of(row));
        }
        return EventTable.of(rows, table.types(), table.timestampFormats());
    }
}
