package dev.doppel.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state transitions of a set of events: per entity (key field), the events in time order, and
 * each step from one event's state to the next counted. Without a key the whole stream is one
 * sequence; without a time field, events keep their order.
 */
public final class Transitions {

    private final Map<String, Map<String, Long>> counts;
    private final long total;

    private Transitions(Map<String, Map<String, Long>> counts) {
        this.counts = counts;
        this.total = counts.values().stream().flatMap(row -> row.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** Counts {@code table}'s transitions of {@code stateField} per {@code keyField} (may be null), ordered by {@code timeField} (may be null). */
    public static Transitions of(EventTable table, String keyField, String stateField, String timeField) {
        double[] times = timeField == null ? null : table.numbers(timeField);
        Map<String, List<Integer>> sequences = new LinkedHashMap<>();
        for (int i = 0; i < table.size(); i++) {
            String key = keyField == null ? "" : table.text(keyField, i);
            if (key == null) {
                continue; // an event of no entity belongs to no sequence
            }
            sequences.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (List<Integer> sequence : sequences.values()) {
            if (times != null) {
                // Stable, so that events at the same time keep their order; events without a time last.
                sequence.sort(Comparator.comparingDouble(i -> Double.isNaN(times[i]) ? Double.POSITIVE_INFINITY : times[i]));
            }
            for (int step = 1; step < sequence.size(); step++) {
                String from = state(table, stateField, sequence.get(step - 1));
                String to = state(table, stateField, sequence.get(step));
                counts.computeIfAbsent(from, f -> new TreeMap<>()).merge(to, 1L, Long::sum);
            }
        }
        return new Transitions(counts);
    }

    private static String state(EventTable table, String field, int row) {
        String value = table.text(field, row);
        return value == null ? "(missing)" : value;
    }

    /** Count of each transition, by state it leaves, then state it enters. */
    public Map<String, Map<String, Long>> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public long total() {
        return total;
    }

    /**
     * The mean total variation distance between the real and the synthetic transition rows (the
     * distribution of the next state given the current one), each row weighted by its share of the
     * real transitions. A state the synthetic data never leaves counts as distance 1. 0 is the same
     * chain, 1 a disjoint one; 0 when the real data has no transitions.
     */
    public static double meanRowDistance(Transitions real, Transitions synthetic) {
        if (real.total == 0) {
            return 0;
        }
        double distance = 0;
        for (Map.Entry<String, Map<String, Long>> row : real.counts.entrySet()) {
            long leaving = row.getValue().values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> syntheticRow = synthetic.counts.getOrDefault(row.getKey(), Map.of());
            double rowDistance = syntheticRow.isEmpty() ? 1 : Distances.totalVariation(row.getValue(), syntheticRow);
            distance += (double) leaving / real.total * rowDistance;
        }
        return distance;
    }

    /** The states of both, most frequent in the real transitions first, at most {@code limit}. */
    public static List<String> topStates(Transitions real, Transitions synthetic, int limit) {
        Map<String, Long> weight = new HashMap<>();
        real.counts.forEach((from, row) -> row.forEach((to, n) -> {
            weight.merge(from, n, Long::sum);
            weight.merge(to, n, Long::sum);
        }));
        synthetic.counts.forEach((from, row) -> weight.putIfAbsent(from, 0L));
        return weight.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }
}
