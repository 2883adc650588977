package dev.doppel.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doppel.codec.FieldType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of an {@link Evaluation}: the scores, and the two tables they were computed on (for
 * the HTML page). {@link #toJson()} writes the report's stable keys, documented in the README.
 */
public final class EvaluationReport {

    /** Fidelity scores; markov and rate are null without a state or time field. */
    public record Fidelity(double columnShapes, double columnPairTrends, Double markovTransitionTvd, RateComparison rate,
                           double c2stAuc, double overall) {
    }

    /** Privacy scores; dcr needs a holdout, re-identification quasi-identifiers, else null. */
    public record Privacy(long identifierLeaks, double newRowSynthesis, Double dcrOverfittingProtection, Double reidentificationRate) {
    }

    /** One field: its Column Shapes metric and score (null for identifiers), missing shares, leaks (identifiers only). */
    public record FieldScore(FieldType type, String role, String metric, Double score, double realMissing, double syntheticMissing,
                             Long identifierLeaks) {
    }

    /** One pair of fields in Column Pair Trends; the correlations are NaN for a contingency pair. */
    public record PairScore(String a, String b, String metric, double score, double realCorrelation, double syntheticCorrelation) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Fidelity fidelity;
    private final Privacy privacy;
    private final Map<String, FieldScore> perField;
    private final List<PairScore> pairs;
    private final Map<String, Long> counts;
    private final EvaluationOptions options;
    private final EventTable real;
    private final EventTable synthetic;
    private final Transitions realTransitions;
    private final Transitions syntheticTransitions;

    EvaluationReport(Fidelity fidelity, Privacy privacy, Map<String, FieldScore> perField, List<PairScore> pairs,
                     Map<String, Long> counts, EvaluationOptions options, EventTable real, EventTable synthetic,
                     Transitions realTransitions, Transitions syntheticTransitions) {
        this.fidelity = fidelity;
        this.privacy = privacy;
        this.perField = Collections.unmodifiableMap(new LinkedHashMap<>(perField));
        this.pairs = List.copyOf(pairs);
        this.counts = new LinkedHashMap<>(counts);
        this.options = options;
        this.real = real;
        this.synthetic = synthetic;
        this.realTransitions = realTransitions;
        this.syntheticTransitions = syntheticTransitions;
    }

    public Fidelity fidelity() {
        return fidelity;
    }

    public Privacy privacy() {
        return privacy;
    }

    /** Per field, in the real data's order. */
    public Map<String, FieldScore> perField() {
        return perField;
    }

    public List<PairScore> pairs() {
        return pairs;
    }

    /** Row counts, samples, and copies found. Callers may add how many rows they read ({@link #addCount}). */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public void addCount(String name, long value) {
        counts.put(name, value);
    }

    public EvaluationOptions options() {
        return options;
    }

    EventTable real() {
        return real;
    }

    EventTable synthetic() {
        return synthetic;
    }

    Transitions realTransitions() {
        return realTransitions;
    }

    Transitions syntheticTransitions() {
        return syntheticTransitions;
    }

    /** The report as JSON; key names are stable (see the README's "doppel evaluate"). */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode f = root.putObject("fidelity");
        f.put("column_shapes", fidelity.columnShapes());
        f.put("column_pair_trends", fidelity.columnPairTrends());
        putNullable(f, "markov_transition_tvd", fidelity.markovTransitionTvd());
        if (fidelity.rate() == null) {
            f.putNull("rate");
        } else {
            ObjectNode rate = f.putObject("rate");
            rate.put("count_ratio", fidelity.rate().countRatio());
            rate.put("hour_of_day_similarity", fidelity.rate().hourOfDaySimilarity());
            rate.put("inter_arrival_ks_complement", fidelity.rate().interArrivalKsComplement());
            rate.put("score", fidelity.rate().score());
        }
        f.put("c2st_auc", fidelity.c2stAuc());
        f.put("overall", fidelity.overall());
        ObjectNode p = root.putObject("privacy");
        p.put("identifier_leaks", privacy.identifierLeaks());
        p.put("new_row_synthesis", privacy.newRowSynthesis());
        putNullable(p, "dcr_overfitting_protection", privacy.dcrOverfittingProtection());
        putNullable(p, "reidentification_rate", privacy.reidentificationRate());
        // doppel does not add differential-privacy noise yet, so it promises no epsilon.
        p.putNull("epsilon");
        ObjectNode fields = root.putObject("per_field");
        perField.forEach((name, score) -> {
            ObjectNode field = fields.putObject(name);
            field.put("type", score.type().name().toLowerCase(Locale.ROOT));
            field.put("role", score.role());
            if (score.metric() != null) {
                field.put("metric", score.metric());
            }
            putNullable(field, "score", score.score());
            field.put("real_missing", score.realMissing());
            field.put("synthetic_missing", score.syntheticMissing());
            if (score.identifierLeaks() != null) {
                field.put("identifier_leaks", score.identifierLeaks());
            }
        });
        ObjectNode pairNode = root.putObject("pairs");
        for (PairScore pair : pairs) {
            ObjectNode node = pairNode.putObject(pair.a() + "|" + pair.b());
            node.put("metric", pair.metric());
            node.put("score", pair.score());
            if (!Double.isNaN(pair.realCorrelation())) {
                node.put("real_correlation", pair.realCorrelation());
            }
            if (!Double.isNaN(pair.syntheticCorrelation())) {
                node.put("synthetic_correlation", pair.syntheticCorrelation());
            }
        }
        ObjectNode countNode = root.putObject("counts");
        counts.forEach(countNode::put);
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putNullable(ObjectNode node, String name, Double value) {
        if (value == null || value.isNaN()) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }

    /** A few lines for the console: the scores, what they mean, and any leak or copy in capitals. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append("fidelity (1 is the same; SDMetrics definitions)\n");
        out.append(line("overall", fidelity.overall(), "mean of the scores below (markov and c2st as similarities)"));
        out.append(line("column shapes", fidelity.columnShapes(), "KSComplement / TVComplement per field, averaged"));
        out.append(line("column pair trends", fidelity.columnPairTrends(), "CorrelationSimilarity / ContingencySimilarity per pair"));
        if (fidelity.markovTransitionTvd() != null) {
            out.append(line("markov transition tvd", fidelity.markovTransitionTvd(), "0 is the same chain, 1 disjoint"));
        }
        if (fidelity.rate() != null) {
            RateComparison rate = fidelity.rate();
            out.append(String.format(Locale.ROOT, "  %-24s %.3f  (count ratio %.3f, hour-of-day %.3f, inter-arrival %.3f)%n", "rate",
                    rate.score(), rate.countRatio(), rate.hourOfDaySimilarity(), rate.interArrivalKsComplement()));
        }
        out.append(line("c2st auc", fidelity.c2stAuc(), "0.5: a classifier cannot tell real from synthetic"));
        out.append("privacy\n");
        out.append(String.format(Locale.ROOT, "  %-24s %d%s%n", "identifier leaks", privacy.identifierLeaks(),
                privacy.identifierLeaks() > 0 ? "  LEAK: real identifier or key values are in the synthetic data" : "  (must be 0)"));
        long copies = counts.getOrDefault("synthetic_rows_copying_a_real_row", 0L);
        out.append(line("new row synthesis", privacy.newRowSynthesis(), copies > 0
                ? String.format(Locale.ROOT, "EXACT COPIES: %,d of %,d synthetic rows checked match a real row", copies,
                        counts.getOrDefault("new_row_synthesis_rows", 0L))
                : "1: no synthetic row matches a real one"));
        out.append(privacy.dcrOverfittingProtection() == null
                ? String.format("  %-24s -      (needs --holdout)%n", "dcr overfitting prot.")
                : line("dcr overfitting prot.", privacy.dcrOverfittingProtection(), "1: no closer to the training rows than to the holdout"));
        out.append(privacy.reidentificationRate() == null
                ? String.format("  %-24s -      (needs --quasi-identifiers)%n", "re-identification rate")
                : String.format(Locale.ROOT, "  %-24s %.4f%%  (synthetic rows matching a real row unique on the quasi-identifiers)%n",
                        "re-identification rate", 100 * privacy.reidentificationRate()));
        return out.toString();
    }

    private static String line(String name, double value, String meaning) {
        return String.format(Locale.ROOT, "  %-24s %.3f  (%s)%n", name, value, meaning);
    }
}
