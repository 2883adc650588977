package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.RateStats;
import dev.doppel.stats.TopicStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * Turns merged statistics into a {@link ModelSnapshot}: each field gets the type most of its values
 * had, its null rate, and its marginal distribution. Fields are independent in this model; the joint
 * model (copula, Markov chains) builds on the same statistics later.
 */
public final class ModelBuilder {

    /** Share of events whose value must match the record timestamp for a field to be the event time. */
    public static final double TIME_FIELD_SHARE = 0.99;

    private final Clock clock;
    private final Windowing windowing;

    /** A builder for statistics of tumbling windows, inferring the event-time field. */
    public ModelBuilder(Clock clock) {
        this(clock, null);
    }

    /** A builder recording {@code windowing} (null: tumbling windows of the statistics' window size). */
    public ModelBuilder(Clock clock, Windowing windowing) {
        this.clock = clock;
        this.windowing = windowing;
    }

    public ModelSnapshot build(TopicStats stats) {
        List<FieldModel> fields = new ArrayList<>();
        for (FieldStats field : stats.fields().values()) {
            fields.add(fieldModel(field));
        }
        return new ModelSnapshot(stats.sourceTopic(), stats.valueFormat(), stats.valueSchema(), clock.millis(), stats.windowSizeMs(), stats.windowReports(),
                stats.events(), stats.minTimestamp(), stats.maxTimestamp(), stats.timeline(), fields,
                rateModel(stats, windowing != null ? windowing : Windowing.tumbling(stats.windowSizeMs())));
    }

    /**
     * The rate part of the model: the event-time field (the one named, or else the field whose value
     * was within 1 s of the record timestamp in the most events, if that is at least
     * {@link #TIME_FIELD_SHARE} of them), and the inter-arrival gaps with their mean and burstiness.
     */
    static RateModel rateModel(TopicStats stats, Windowing windowing) {
        RateStats rate = stats.rate();
        String timeField = windowing.timeField();
        if (timeField == null) {
            long best = 0;
            for (Map.Entry<String, Long> matches : rate.timeMatches().entrySet()) {
                if (matches.getValue() > best) {
                    best = matches.getValue();
                    timeField = matches.getKey();
                }
            }
            if (stats.events() == 0 || best < TIME_FIELD_SHARE * stats.events()) {
                timeField = null;
            }
        }
        long n = rate.gapCount();
        double mean = n == 0 ? 0 : rate.gapSum() / n;
        double sd = n == 0 ? 0 : Math.sqrt(Math.max(0, rate.gapSquares() / n - mean * mean));
        double burstiness = sd + mean == 0 ? 0 : (sd - mean) / (sd + mean);
        return new RateModel(timeField, windowing.windowMs(), windowing.advanceMs(), windowing.horizon(),
                numericMarginal(rate.gapSketch()), mean, Math.max(-1, Math.min(1, burstiness)));
    }

    static FieldModel fieldModel(FieldStats field) {
        double nullRate = field.count() == 0 ? 1.0 : (double) field.nulls() / field.count();
        FieldType type = majorityType(field);
        NumericMarginal numeric = type.isNumeric() ? numericMarginal(field.numberSketch()) : null;
        CategoricalMarginal categorical = type == FieldType.STRING ? categoricalMarginal(field.itemSketch()) : null;
        double trueRate = type == FieldType.BOOLEAN && field.booleans() > 0 ? (double) field.trues() / field.booleans() : 0.0;
        return new FieldModel(field.name(), type, type == FieldType.TIMESTAMP ? field.timestampFormat() : null,
                nullRate, numeric, categorical, trueRate);
    }

    /**
     * The kind most non-null values had; a field with any non-integral number is a double. A field
     * with no values at all is a string field that is always null.
     */
    static FieldType majorityType(FieldStats field) {
        long numbers = field.longs() + field.doubles();
        long best = Math.max(Math.max(numbers, field.booleans()), Math.max(field.texts(), field.timestamps()));
        if (best == 0) {
            return FieldType.STRING;
        }
        if (numbers == best) {
            return field.doubles() > 0 ? FieldType.DOUBLE : FieldType.LONG;
        }
        if (field.timestamps() == best) {
            return FieldType.TIMESTAMP;
        }
        if (field.texts() == best) {
            return FieldType.STRING;
        }
        return FieldType.BOOLEAN;
    }

    static NumericMarginal numericMarginal(KllDoublesSketch sketch) {
        if (sketch == null || sketch.isEmpty()) {
            return null;
        }
        DoublesSortedView view = sketch.getSortedView();
        double[] items = view.getQuantiles();
        long[] weights = view.getCumulativeWeights();
        double total = view.getN();
        // The sorted view repeats a value once per retained copy; keep the last (highest) weight of each.
        double[] values = new double[items.length];
        double[] cumulative = new double[items.length];
        int distinct = 0;
        for (int i = 0; i < items.length; i++) {
            if (distinct > 0 && values[distinct - 1] == items[i]) {
                cumulative[distinct - 1] = weights[i] / total;
            } else {
                values[distinct] = items[i];
                cumulative[distinct] = weights[i] / total;
                distinct++;
            }
        }
        return new NumericMarginal(Arrays.copyOf(values, distinct), Arrays.copyOf(cumulative, distinct));
    }

    static CategoricalMarginal categoricalMarginal(ItemsSketch<String> sketch) {
        if (sketch == null || sketch.isEmpty()) {
            return null;
        }
        ItemsSketch.Row<String>[] rows = sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES);
        Arrays.sort(rows, Comparator.comparingLong((ItemsSketch.Row<String> row) -> row.getEstimate()).reversed()
                .thenComparing(ItemsSketch.Row::getItem));
        List<String> values = new ArrayList<>(rows.length);
        double[] weights = new double[rows.length];
        double total = sketch.getStreamLength();
        long kept = 0; // counted, not summed as shares: exactly 0 unseen when every value was kept
        for (int i = 0; i < rows.length; i++) {
            values.add(rows[i].getItem());
            weights[i] = rows[i].getEstimate() / total;
            kept += rows[i].getEstimate();
        }
        return new CategoricalMarginal(values, weights, Math.max(0L, sketch.getStreamLength() - kept) / total);
    }
}
