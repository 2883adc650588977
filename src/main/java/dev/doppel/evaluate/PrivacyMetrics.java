package dev.doppel.evaluate;

import dev.doppel.codec.FieldType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How much of the real data the synthetic data gives away. */
public final class PrivacyMetrics {

    /** SDMetrics NewRowSynthesis' default: numbers within 1% of the real value match. */
    public static final double NUMERICAL_MATCH_TOLERANCE = 0.01;

    private PrivacyMetrics() {
    }

    /** Synthetic rows whose {@code field} holds a value the real data has in that field (nulls do not count). */
    public static long identifierLeaks(EventTable real, EventTable synthetic, String field) {
        Set<String> realValues = new HashSet<>();
        for (int i = 0; i < real.size(); i++) {
            String value = real.key(field, i);
            if (value != null) {
                realValues.add(value);
            }
        }
        long leaks = 0;
        for (int i = 0; i < synthetic.size(); i++) {
            String value = synthetic.key(field, i);
            if (value != null && realValues.contains(value)) {
                leaks++;
            }
        }
        return leaks;
    }

    /**
     * SDMetrics NewRowSynthesis: the share of synthetic rows that match no real row on {@code fields}.
     * Text, booleans and missing values must be equal; numbers match within
     * {@link #NUMERICAL_MATCH_TOLERANCE} of the real value (|s - r| <= 0.01 |r|), as in SDMetrics.
     * Timestamps must be equal: SDMetrics would apply the 1% to epoch values, which spans years.
     * 1 means every synthetic row is new, 0 that all are copies.
     */
    public static double newRowSynthesis(EventTable real, EventTable synthetic, List<String> fields) {
        if (synthetic.size() == 0) {
            return 1;
        }
        return 1 - (double) copies(real, synthetic, fields) / synthetic.size();
    }

    /** How many synthetic rows match a real row, as {@link #newRowSynthesis} matches them. */
    public static long copies(EventTable real, EventTable synthetic, List<String> fields) {
        List<String> tolerant = fields.stream()
                .filter(f -> real.types().get(f) == FieldType.LONG || real.types().get(f) == FieldType.DOUBLE)
                .toList();
        Map<String, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < real.size(); i++) {
            groups.computeIfAbsent(exactKey(real, i, fields, tolerant), k -> new ArrayList<>()).add(i);
        }
        String first = tolerant.isEmpty() ? null : tolerant.get(0);
        // Within a group, rows sorted by the first tolerant number, so that only the rows within 1%
        // of the synthetic value are scanned.
        if (first != null) {
            double[] values = real.numbers(first);
            groups.values().forEach(group -> group.sort(Comparator.comparingDouble(i -> sortKey(values[i]))));
        }
        long copies = 0;
        for (int s = 0; s < synthetic.size(); s++) {
            List<Integer> group = groups.get(exactKey(synthetic, s, fields, tolerant));
            if (group != null && anyMatch(real, group, synthetic, s, tolerant)) {
                copies++;
            }
        }
        return copies;
    }

    private static boolean anyMatch(EventTable real, List<Integer> group, EventTable synthetic, int s, List<String> tolerant) {
        if (tolerant.isEmpty()) {
            return true;
        }
        double target = synthetic.numbers(tolerant.get(0))[s];
        double[] firstReal = real.numbers(tolerant.get(0));
        int start = 0;
        double low = Double.NaN;
        double high = Double.NaN;
        if (!Double.isNaN(target)) {
            // |s - r| <= t |r| holds for r between s / (1 + t) and s / (1 - t) (either order).
            low = Math.min(target / (1 + NUMERICAL_MATCH_TOLERANCE), target / (1 - NUMERICAL_MATCH_TOLERANCE));
            high = Math.max(target / (1 + NUMERICAL_MATCH_TOLERANCE), target / (1 - NUMERICAL_MATCH_TOLERANCE));
            int lo = 0;
            int hi = group.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sortKey(firstReal[group.get(mid)]) < low) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            start = lo;
        }
        for (int k = start; k < group.size(); k++) {
            int r = group.get(k);
            if (!Double.isNaN(target) && sortKey(firstReal[r]) > high) {
                break;
            }
            boolean all = true;
            for (String field : tolerant) {
                if (!numbersMatch(real.numbers(field)[r], synthetic.numbers(field)[s])) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static double sortKey(double value) {
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
    }

    static boolean numbersMatch(double real, double synthetic) {
        if (Double.isNaN(real) || Double.isNaN(synthetic)) {
            return Double.isNaN(real) && Double.isNaN(synthetic);
        }
        return Math.abs(synthetic - real) <= NUMERICAL_MATCH_TOLERANCE * Math.abs(real);
    }

    /** The values that must be equal, with which tolerant numbers are missing. */
    private static String exactKey(EventTable table, int row, List<String> fields, List<String> tolerant) {
        StringBuilder key = new StringBuilder();
        for (String field : fields) {
            if (tolerant.contains(field)) {
                key.append(Double.isNaN(table.numbers(field)[row]) ? 'N' : 'V');
                continue;
            }
            Object value = table.isNumeric(field) ? (Object) table.numbers(field)[row] : table.text(field, row);
            String text = value == null ? "\u0000" : value.toString();
            key.append(text.length()).append(':').append(text);
        }
        return key.toString();
    }

    /**
     * SDMetrics' distance to closest record (sdmetrics.single_table.privacy.dcr_utils): per field, a
     * number or time contributes |a - b| / (the field's range in {@code rangeOf}), at most 1 (0 when
     * the range is 0 and the values are equal, else 1); text and booleans 0 if equal, else 1; a missing
     * value 0 against a missing value, else 1. A row's distance to another is the mean over fields,
     * its DCR the smallest distance to any row of {@code reference}.
     */
    public static double[] distanceToClosestRecord(EventTable rows, EventTable reference, EventTable rangeOf, List<String> fields) {
        double[] ranges = new double[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            if (rangeOf.isNumeric(field)) {
                double[] values = QualityMetrics.sortedPresent(rangeOf.numbers(field));
                ranges[f] = values.length == 0 ? 0 : values[values.length - 1] - values[0];
            }
        }
        double[] dcr = new double[rows.size()];
        Arrays.fill(dcr, Double.POSITIVE_INFINITY);
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < reference.size() && dcr[i] > 0; j++) {
                double sum = 0;
                for (int f = 0; f < fields.size() && sum / fields.size() < dcr[i]; f++) {
                    sum += fieldDistance(rows, i, reference, j, fields.get(f), ranges[f]);
                }
                dcr[i] = Math.min(dcr[i], sum / fields.size());
            }
        }
        return dcr;
    }

    private static double fieldDistance(EventTable a, int i, EventTable b, int j, String field, double range) {
        if (a.isNumeric(field)) {
            double x = a.numbers(field)[i];
            double y = b.numbers(field)[j];
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Double.isNaN(x) && Double.isNaN(y) ? 0 : 1;
            }
            if (range == 0) {
                return x == y ? 0 : 1;
            }
            return Math.min(1, Math.abs(x - y) / range);
        }
        String x = a.text(field, i);
        String y = b.text(field, j);
        return x == null ? (y == null ? 0 : 1) : x.equals(y) ? 0 : 1;
    }

    /**
     * SDMetrics DCROverfittingProtection: with p the share of synthetic rows closer to the training
     * data than to the holdout (both the same size), the score is min(1, 2 (1 - p)). 1 means the
     * synthetic rows are no closer to the rows the model saw than to rows it never saw; 0 that all are.
     */
    public static double dcrOverfittingProtection(double[] dcrToTraining, double[] dcrToHoldout) {
        if (dcrToTraining.length == 0) {
            return 1;
        }
        long closerToTraining = 0;
        for (int i = 0; i < dcrToTraining.length; i++) {
            if (dcrToTraining[i] < dcrToHoldout[i]) {
                closerToTraining++;
            }
        }
        double p = (double) closerToTraining / dcrToTraining.length;
        return Math.min(1, 2 * (1 - p));
    }

    /**
     * The linkage re-identification rate: the share of synthetic rows whose values of the
     * quasi-identifiers equal those of a real row that is the only one with them (so the synthetic
     * row points at one real person or entity).
     */
    public static double reidentificationRate(EventTable real, EventTable synthetic, List<String> quasiIdentifiers) {
        if (synthetic.size() == 0) {
            return 0;
        }
        Map<String, Integer> realCounts = new HashMap<>();
        for (int i = 0; i < real.size(); i++) {
            realCounts.merge(tuple(real, i, quasiIdentifiers), 1, Integer::sum);
        }
        long linked = 0;
        for (int i = 0; i < synthetic.size(); i++) {
            if (realCounts.getOrDefault(tuple(synthetic, i, quasiIdentifiers), 0) == 1) {
                linked++;
            }
        }
        return (double) linked / synthetic.size();
    }

    private static String tuple(EventTable table, int row, List<String> fields) {
        StringBuilder key = new StringBuilder();
        for (String field : fields) {
            String text = table.key(field, row);
            text = text == null ? "\u0000" : text;
            key.append(text.length()).append(':').append(text);
        }
        return key.toString();
    }
}
