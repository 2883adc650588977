package dev.doppel.evaluate;

import dev.doppel.errors.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every fidelity and privacy metric on a real and a synthetic table (and a holdout, when
 * there is one) and gathers them in an {@link EvaluationReport}.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * Evaluates {@code synthetic} against {@code real}; {@code holdout} (real rows the model never
     * saw) may be null. The synthetic and holdout rows are read through the real side's field types.
     *
     * @throws BadInputException if a named field is not among the real data's fields
     */
    public static EvaluationReport run(EventTable real, EventTable synthetic, EventTable holdout, EvaluationOptions options) {
        checkFields(real, options);
        EventTable syntheticTable = synthetic.as(real);
        EventTable holdoutTable = holdout == null ? null : holdout.as(real);

        Set<String> identifiers = new LinkedHashSet<>(options.idFields());
        if (options.keyField() != null) {
            identifiers.add(options.keyField());
        }
        List<String> fields = new ArrayList<>(real.types().keySet());
        fields.removeAll(identifiers);

        // Column Shapes: KSComplement for numbers and times, TVComplement for text and booleans.
        Map<String, EvaluationReport.FieldScore> perField = new LinkedHashMap<>();
        for (String field : real.types().keySet()) {
            boolean identifier = identifiers.contains(field);
            boolean numeric = real.isNumeric(field);
            Double score = identifier ? null : numeric
                    ? QualityMetrics.ksComplement(real.numbers(field), syntheticTable.numbers(field))
                    : QualityMetrics.tvComplement(real.categories(field), syntheticTable.categories(field));
            Long leaks = identifier ? PrivacyMetrics.identifierLeaks(real, syntheticTable, field) : null;
            perField.put(field, new EvaluationReport.FieldScore(real.types().get(field), identifier ? "identifier" : "field",
                    identifier ? null : numeric ? "KSComplement" : "TVComplement", score,
                    missingShare(real, field), missingShare(syntheticTable, field), leaks));
        }
        double columnShapes = perField.values().stream().filter(f -> f.score() != null)
                .mapToDouble(EvaluationReport.FieldScore::score).average().orElse(1);

        // Column Pair Trends: CorrelationSimilarity for two numbers, ContingencySimilarity otherwise.
        Map<String, double[]> edges = new LinkedHashMap<>();
        for (String field : fields) {
            if (real.isNumeric(field)) {
                edges.put(field, QualityMetrics.decileEdges(real.numbers(field)));
            }
        }
        List<EvaluationReport.PairScore> pairs = new ArrayList<>();
        for (int a = 0; a < fields.size(); a++) {
            for (int b = a + 1; b < fields.size(); b++) {
                pairs.add(pair(real, syntheticTable, fields.get(a), fields.get(b), edges));
            }
        }
        double columnPairTrends = pairs.stream().mapToDouble(EvaluationReport.PairScore::score).average().orElse(1);

        Double markov = null;
        Transitions realTransitions = null;
        Transitions syntheticTransitions = null;
        if (options.stateField() != null) {
            realTransitions = Transitions.of(real, options.keyField(), options.stateField(), options.timeField());
            syntheticTransitions = Transitions.of(syntheticTable, options.keyField(), options.stateField(), options.timeField());
            markov = Transitions.meanRowDistance(realTransitions, syntheticTransitions);
        }

        RateComparison rate = options.timeField() == null ? null
                : RateComparison.of(real.numbers(options.timeField()), syntheticTable.numbers(options.timeField()));

        EventTable realSample = real.subset(Sampling.byContent(real, options.detectionSample(), options.seed()));
        EventTable syntheticSample = syntheticTable.subset(Sampling.byContent(syntheticTable, options.detectionSample(), options.seed()));
        double auc = ClassifierTwoSample.auc(realSample, syntheticSample, fields, options.seed());

        List<Double> components = new ArrayList<>(List.of(columnShapes, columnPairTrends, ClassifierTwoSample.detectionScore(auc)));
        if (markov != null) {
            components.add(1 - markov);
        }
        if (rate != null) {
            components.add(rate.score());
        }
        double overall = components.stream().mapToDouble(Double::doubleValue).average().orElse(1);

        // Privacy.
        long leaks = perField.values().stream().filter(f -> f.identifierLeaks() != null)
                .mapToLong(EvaluationReport.FieldScore::identifierLeaks).sum();
        EventTable newRowSample = syntheticTable.subset(Sampling.byContent(syntheticTable, options.newRowSample(), options.seed()));
        long copies = PrivacyMetrics.copies(real, newRowSample, fields);
        double newRowSynthesis = newRowSample.size() == 0 ? 1 : 1 - (double) copies / newRowSample.size();
        Double dcrProtection = null;
        int dcrRows = 0;
        if (holdoutTable != null && holdoutTable.size() > 0) {
            // Training and holdout of the same size, as SDMetrics asks, so that neither is closer by being larger.
            EventTable holdoutSample = holdoutTable.subset(Sampling.byContent(holdoutTable, options.dcrSample(), options.seed()));
            EventTable trainingSample = real.subset(Sampling.byContent(real, holdoutSample.size(), options.seed()));
            EventTable dcrSynthetic = syntheticTable.subset(Sampling.byContent(syntheticTable, options.dcrSample(), options.seed()));
            dcrRows = dcrSynthetic.size();
            dcrProtection = PrivacyMetrics.dcrOverfittingProtection(
                    PrivacyMetrics.distanceToClosestRecord(dcrSynthetic, trainingSample, real, fields),
                    PrivacyMetrics.distanceToClosestRecord(dcrSynthetic, holdoutSample, real, fields));
        }
        Double reidentification = options.quasiIdentifiers().isEmpty() ? null
                : PrivacyMetrics.reidentificationRate(real, syntheticTable, options.quasiIdentifiers());

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("real_rows", (long) real.size());
        counts.put("synthetic_rows", (long) syntheticTable.size());
        counts.put("holdout_rows", holdoutTable == null ? 0L : holdoutTable.size());
        counts.put("c2st_rows_per_side", (long) Math.min(realSample.size(), syntheticSample.size()));
        counts.put("new_row_synthesis_rows", (long) newRowSample.size());
        counts.put("synthetic_rows_copying_a_real_row", copies);
        counts.put("dcr_rows", (long) dcrRows);
        counts.put("real_transitions", realTransitions == null ? 0L : realTransitions.total());
        counts.put("synthetic_transitions", syntheticTransitions == null ? 0L : syntheticTransitions.total());

        return new EvaluationReport(
                new EvaluationReport.Fidelity(columnShapes, columnPairTrends, markov, rate, auc, overall),
                new EvaluationReport.Privacy(leaks, newRowSynthesis, dcrProtection, reidentification),
                perField, pairs, counts, options, real, syntheticTable, realTransitions, syntheticTransitions);
    }

    private static EvaluationReport.PairScore pair(EventTable real, EventTable synthetic, String a, String b, Map<String, double[]> edges) {
        if (real.isNumeric(a) && real.isNumeric(b)) {
            return new EvaluationReport.PairScore(a, b, "CorrelationSimilarity",
                    QualityMetrics.correlationSimilarity(real.numbers(a), real.numbers(b), synthetic.numbers(a), synthetic.numbers(b)),
                    QualityMetrics.pearson(real.numbers(a), real.numbers(b)),
                    QualityMetrics.pearson(synthetic.numbers(a), synthetic.numbers(b)));
        }
        return new EvaluationReport.PairScore(a, b, "ContingencySimilarity",
                QualityMetrics.contingencySimilarity(discrete(real, a, edges), discrete(real, b, edges),
                        discrete(synthetic, a, edges), discrete(synthetic, b, edges)), Double.NaN, Double.NaN);
    }

    private static String[] discrete(EventTable table, String field, Map<String, double[]> edges) {
        return table.isNumeric(field) ? QualityMetrics.bins(table.numbers(field), edges.get(field)) : table.categories(field);
    }

    private static double missingShare(EventTable table, String field) {
        if (table.size() == 0) {
            return 0;
        }
        long missing = 0;
        for (int i = 0; i < table.size(); i++) {
            if (table.rows().get(i).get(field) == null) {
                missing++;
            }
        }
        return (double) missing / table.size();
    }

    private static void checkFields(EventTable real, EvaluationOptions options) {
        List<String> named = new ArrayList<>();
        for (String field : new String[] {options.timeField(), options.keyField(), options.stateField()}) {
            if (field != null) {
                named.add(field);
            }
        }
        named.addAll(options.idFields());
        named.addAll(options.quasiIdentifiers());
        for (String field : named) {
            if (!real.types().containsKey(field)) {
                throw new BadInputException("field " + field + " is not in the real data (its fields: "
                        + String.join(", ", real.types().keySet()) + ")");
            }
        }
        if (options.timeField() != null && !real.isNumeric(options.timeField())) {
            throw new BadInputException("time field " + options.timeField() + " holds neither timestamps nor numbers");
        }
    }
}
