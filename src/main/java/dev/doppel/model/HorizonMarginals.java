package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.WindowStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * Field marginals over the newest windows with exponential decay ({@link HorizonWeights}). KLL and
 * frequent-items sketches cannot be down-weighted, so they are not merged: each pane's sketch is read
 * (its sorted view, its frequent items) and the reads are mixed with the pane's weight. A mixture of
 * step distribution functions is one again, so this is exact up to each sketch's own error. Memory is
 * bounded by the panes kept ({@code horizon + window/advance - 1} panes). The type, timestamp layout
 * and field order stay the cumulative model's; only the distributions move with the horizon.
 */
public final class HorizonMarginals {

    /** Steps a mixed numeric marginal keeps at most (rank resolution 1/MAX_STEPS, well under KLL's error). */
    static final int MAX_STEPS = 1024;

    private HorizonMarginals() {
    }

    /**
     * The fields of {@code cumulative} with their distributions over {@code panes} (oldest first)
     * weighted as the windowing says. A field no pane has keeps its cumulative marginal.
     */
    public static List<FieldModel> fields(ModelSnapshot cumulative, List<WindowStats> panes, Windowing windowing) {
        List<Double> weights = HorizonWeights.panes(panes.size(), windowing);
        List<FieldModel> fields = new ArrayList<>();
        for (FieldModel field : cumulative.fields()) {
            fields.add(mixed(field, panes, weights));
        }
        return fields;
    }

    private static FieldModel mixed(FieldModel field, List<WindowStats> panes, List<Double> weights) {
        if (field.role().synthesized()) {
            // Made up from its shape: it has no marginal to weigh, and must not get one of real values.
            return field;
        }
        double count = 0;
        double nulls = 0;
        double booleans = 0;
        double trues = 0;
        TreeMap<Double, Double> numbers = new TreeMap<>();
        Map<String, Double> texts = new HashMap<>();
        double textTotal = 0;
        double textKept = 0;
        for (int p = 0; p < panes.size(); p++) {
            FieldStats stats = panes.get(p).fields().get(field.name());
            double weight = weights.get(p);
            if (stats == null || weight == 0) {
                continue;
            }
            count += weight * stats.count();
            nulls += weight * stats.nulls();
            booleans += weight * stats.booleans();
            trues += weight * stats.trues();
            if (stats.numberSketch() != null && !stats.numberSketch().isEmpty()) {
                DoublesSortedView view = stats.numberSketch().getSortedView();
                double[] values = view.getQuantiles();
                long[] cumulative = view.getCumulativeWeights();
                for (int i = 0; i < values.length; i++) {
                    numbers.merge(values[i], weight * (cumulative[i] - (i == 0 ? 0 : cumulative[i - 1])), Double::sum);
                }
            }
            ItemsSketch<String> items = stats.itemSketch();
            if (items != null && !items.isEmpty()) {
                long kept = 0;
                for (ItemsSketch.Row<String> row : items.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
                    texts.merge(row.getItem(), weight * row.getEstimate(), Double::sum);
                    kept += row.getEstimate();
                }
                textTotal += weight * items.getStreamLength();
                textKept += weight * Math.min(kept, items.getStreamLength());
            }
        }
        if (count == 0) {
            return field;
        }
        NumericMarginal numeric = field.type().isNumeric() && !numbers.isEmpty() ? numeric(numbers) : field.numeric();
        CategoricalMarginal categorical = field.type() == FieldType.STRING && !texts.isEmpty()
                ? categorical(texts, textTotal, textKept) : field.categorical();
        double trueRate = field.type() == FieldType.BOOLEAN && booleans > 0 ? trues / booleans : field.trueRate();
        // Role, precision and bounds stay those learned over everything: the horizon weighs distributions only.
        return new FieldModel(field.name(), field.type(), field.timestampFormat(), Math.min(1, nulls / count),
                numeric, categorical, Math.min(1, trueRate), field.role(), field.roleReason(), field.distinct(), field.decimals(),
                field.min(), field.max(), field.shape());
    }

    private static NumericMarginal numeric(TreeMap<Double, Double> weighted) {
        double total = weighted.values().stream().mapToDouble(Double::doubleValue).sum();
        double[] values = new double[weighted.size()];
        double[] cumulative = new double[weighted.size()];
        double running = 0;
        int i = 0;
        for (Map.Entry<Double, Double> entry : weighted.entrySet()) {
            running += entry.getValue();
            values[i] = entry.getKey();
            cumulative[i++] = running / total;
        }
        NumericMarginal full = new NumericMarginal(values, cumulative);
        if (values.length <= MAX_STEPS) {
            return full;
        }
        // Too many steps for a compact model: keep the value at each 1/MAX_STEPS of rank.
        double[] kept = new double[MAX_STEPS];
        double[] ranks = new double[MAX_STEPS];
        int distinct = 0;
        for (int k = 0; k < MAX_STEPS; k++) {
            double value = full.quantile((k + 0.5) / MAX_STEPS);
            if (distinct > 0 && kept[distinct - 1] == value) {
                ranks[distinct - 1] = (k + 1.0) / MAX_STEPS;
            } else {
                kept[distinct] = value;
                ranks[distinct++] = (k + 1.0) / MAX_STEPS;
            }
        }
        return new NumericMarginal(Arrays.copyOf(kept, distinct), Arrays.copyOf(ranks, distinct));
    }

    private static CategoricalMarginal categorical(Map<String, Double> weighted, double total, double kept) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(weighted.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> values = new ArrayList<>();
        double[] weights = new double[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            values.add(entries.get(i).getKey());
            weights[i] = entries.get(i).getValue() / total;
        }
        return new CategoricalMarginal(values, weights, Math.max(0, total - kept) / total);
    }
}
