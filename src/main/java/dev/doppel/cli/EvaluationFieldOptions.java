package dev.doppel.cli;

import dev.doppel.evaluate.EvaluationOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The fields an evaluation treats specially; shared by {@code evaluate} and {@code demo --input}. */
final class EvaluationFieldOptions {

    @Option(names = "--time-field", paramLabel = "FIELD", description = "Each event's time (timestamp or epoch ms): rate metrics and order.")
    String timeField;

    @Option(names = "--key-field", paramLabel = "FIELD", description = "The entity key: sequences per entity; checked for leaks.")
    String keyField;

    @Option(names = "--state-field", paramLabel = "FIELD", description = "A state whose transitions per entity are compared (Markov).")
    String stateField;

    @Option(names = "--id-fields", split = ",", paramLabel = "a,b", description = "Identifier fields: checked for leaks, left out of fidelity.")
    List<String> idFields = new ArrayList<>();

    @Option(names = "--quasi-identifiers", split = ",", paramLabel = "a,b",
            description = "Fields that together may single out a real row: the re-identification rate.")
    List<String> quasiIdentifiers = new ArrayList<>();

    EvaluationOptions options(long seed) {
        EvaluationOptions defaults = EvaluationOptions.defaults();
        return new EvaluationOptions(timeField, keyField, stateField, idFields, quasiIdentifiers, seed,
                defaults.detectionSample(), defaults.dcrSample(), defaults.newRowSample());
    }
}
