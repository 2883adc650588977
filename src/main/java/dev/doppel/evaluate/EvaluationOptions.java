package dev.doppel.evaluate;

import java.util.List;

/**
 * What an evaluation needs to know about the fields, and how large its samples are.
 *
 * @param timeField each event's time (rate metrics), or null
 * @param keyField the entity key (per-entity sequences; checked for leaks), or null
 * @param stateField the state whose transitions are compared per entity, or null
 * @param idFields identifiers: checked for leaks, left out of the fidelity metrics
 * @param quasiIdentifiers fields that together may single out a real row (re-identification rate); empty: not computed
 * @param seed the seed of the samples and the classifier's folds
 * @param detectionSample rows per side for the classifier two-sample test
 * @param dcrSample synthetic rows (and holdout and training rows) for the distance to closest record
 * @param newRowSample synthetic rows matched against all real rows for NewRowSynthesis
 */
public record EvaluationOptions(String timeField, String keyField, String stateField, List<String> idFields,
                                List<String> quasiIdentifiers, long seed, int detectionSample, int dcrSample, int newRowSample) {

    public EvaluationOptions {
        idFields = List.copyOf(idFields);
        quasiIdentifiers = List.copyOf(quasiIdentifiers);
        if (detectionSample < 10 || dcrSample < 1 || newRowSample < 1) {
            throw new IllegalArgumentException("samples must be positive (the detection sample at least 10 rows)");
        }
    }

    /** Defaults: no special fields, seed 42, 5,000 rows per side for the classifier, 2,000 for DCR, 20,000 for NewRowSynthesis. */
    public static EvaluationOptions defaults() {
        return new EvaluationOptions(null, null, null, List.of(), List.of(), 42, 5_000, 2_000, 20_000);
    }

    public EvaluationOptions withFields(String time, String key, String state, List<String> ids, List<String> quasi) {
        return new EvaluationOptions(time, key, state, ids, quasi, seed, detectionSample, dcrSample, newRowSample);
    }
}
