package dev.doppel.evaluate;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Real against synthetic events, field by field: each field's marginal distance (Kolmogorov-Smirnov
 * for numbers and timestamps, total variation for strings and booleans) and a short summary of each
 * side, printed as a side-by-side table.
 */
public final class MarginalComparison {

    /** One field's comparison. {@code distance} is KS or TVD as {@code metric} says. */
    public record FieldComparison(String field, FieldType type, String metric, double distance,
                                  ColumnSummary real, ColumnSummary synthetic) {
    }

    private final Map<String, ColumnSummary> real = new LinkedHashMap<>();
    private final Map<String, ColumnSummary> synthetic = new LinkedHashMap<>();

    /** Compares the fields in {@code types}, reading timestamps with {@code timestampFormats}. */
    public MarginalComparison(Map<String, FieldType> types, Map<String, TimestampFormat> timestampFormats) {
        types.forEach((field, type) -> {
            real.put(field, new ColumnSummary(type, timestampFormats.get(field)));
            synthetic.put(field, new ColumnSummary(type, timestampFormats.get(field)));
        });
    }

    public void addReal(Row row) {
        real.forEach((field, summary) -> summary.add(row.get(field)));
    }

    public void addSynthetic(Row row) {
        synthetic.forEach((field, summary) -> summary.add(row.get(field)));
    }

    public List<FieldComparison> compare() {
        List<FieldComparison> comparisons = new ArrayList<>();
        real.forEach((field, realSummary) -> {
            ColumnSummary synthSummary = synthetic.get(field);
            boolean numeric = realSummary.isNumeric();
            double distance = numeric
                    ? Distances.kolmogorovSmirnov(realSummary.sortedNumbers(), synthSummary.sortedNumbers())
                    : Distances.totalVariation(realSummary.categories(), synthSummary.categories());
            comparisons.add(new FieldComparison(field, realSummary.type(), numeric ? "KS" : "TVD", distance,
                    realSummary, synthSummary));
        });
        return comparisons;
    }

    /** The comparison as a fixed-width table, one row per field. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"field", "type", "real", "synthetic", "distance"});
        for (FieldComparison comparison : compare()) {
            rows.add(new String[] {
                comparison.field(),
                comparison.type().name().toLowerCase(Locale.ROOT),
                describe(comparison.real()),
                describe(comparison.synthetic()),
                String.format(Locale.ROOT, "%s %.3f", comparison.metric(), comparison.distance())
            });
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                out.append(String.format("%-" + widths[i] + "s", row[i]));
                out.append(i == row.length - 1 ? "\n" : "  ");
            }
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append("-".repeat(widths[i])).append(i == widths.length - 1 ? "\n" : "  ");
                }
            }
        }
        return out.toString();
    }

    /** How {@link #table()} describes each side, for a legend under it. */
    public static final String LEGEND = "numbers and times: 10th / 50th / 90th percentile; text: the two most frequent values"
            + " with their shares; KS: Kolmogorov-Smirnov, TVD: total variation distance (0 is identical, 1 disjoint)";

    /** A short description: deciles of numbers, top shares of categories, and the null rate. */
    static String describe(ColumnSummary summary) {
        String nulls = summary.nulls() > 0 ? String.format(Locale.ROOT, ", %.1f%% null", 100 * summary.nullRate()) : "";
        if (summary.isNumeric()) {
            double[] values = summary.sortedNumbers();
            if (values.length == 0) {
                return "no values" + nulls;
            }
            return number(summary, quantile(values, 0.1)) + " / " + number(summary, quantile(values, 0.5))
                    + " / " + number(summary, quantile(values, 0.9)) + nulls;
        }
        Map<String, Long> categories = summary.categories();
        long total = categories.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "no values" + nulls;
        }
        List<Map.Entry<String, Long>> top = categories.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(2)
                .toList();
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> entry : top) {
            out.append(out.length() == 0 ? "" : " ").append(abbreviate(entry.getKey()))
                    .append(String.format(Locale.ROOT, " %.1f%%", 100.0 * entry.getValue() / total));
        }
        return out + " (" + categories.size() + " values)" + nulls;
    }

    private static double quantile(double[] sorted, double rank) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(rank * sorted.length))];
    }

    private static String number(ColumnSummary summary, double value) {
        if (summary.type() == FieldType.TIMESTAMP) {
            return summary.timestampFormat().format((long) value);
        }
        if (summary.type() == FieldType.LONG || value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }

    private static String abbreviate(String value) {
        return value.length() <= 16 ? value : value.substring(0, 15) + "…";
    }
}
