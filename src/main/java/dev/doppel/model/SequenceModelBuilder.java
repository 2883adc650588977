package dev.doppel.model;

import dev.doppel.stats.SequenceStats;
import dev.doppel.stats.TopicStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Builds the {@link SequenceModel} from merged entity statistics.
 *
 * <p>The state field is the configured one; otherwise it is inferred: among the text fields with at
 * most {@link SequenceStats#MAX_STATES} values and at least two, the one whose value changes between
 * consecutive events of an entity most often, provided it changes in at least
 * {@link #MIN_CHANGE_SHARE} of them (a field that never changes is an attribute, not a state). With
 * no state field, or before any entity has been seen to end, there is no sequence model.
 *
 * <p>A field is an entity attribute when it kept its first value in at least
 * {@link #ATTRIBUTE_SHARE} of the entities with two events or more (one entity in a hundred may
 * carry a correction).
 */
public final class SequenceModelBuilder {

    /** Least share of consecutive events that change an inferred state field's value. */
    public static final double MIN_CHANGE_SHARE = 0.01;
    /** Least share of multi-event entities in which an attribute never changed. */
    public static final double ATTRIBUTE_SHARE = 0.99;

    private SequenceModelBuilder() {
    }

    /** The sequence model of {@code stats}, or null if it has no entity statistics or no state field. */
    public static SequenceModel build(TopicStats stats, List<FieldModel> fields) {
        SequenceStats sequences = stats.sequences();
        if (sequences == null || sequences.entityEnds() == 0) {
            return null; // a chain must have seen entities end, or its synthetic entities would live forever
        }
        Optional<SequenceStats.StateField> chosen = stateField(sequences);
        if (chosen.isEmpty() || fields.stream().noneMatch(field -> field.name().equals(chosen.get().name()))) {
            return null;
        }
        SequenceStats.StateField chain = chosen.get();
        List<String> states = new ArrayList<>(new TreeSet<>(chain.states()));
        int n = states.size();
        long[] starts = new long[n];
        long[][] transitions = new long[n][n + 1];
        for (Map.Entry<String, Map<String, Long>> row : chain.transitions().entrySet()) {
            for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
                int to = cell.getKey() == null ? n : states.indexOf(cell.getKey());
                if (row.getKey() == null) {
                    if (to < n) {
                        starts[to] += cell.getValue();
                    }
                } else {
                    transitions[states.indexOf(row.getKey())][to] += cell.getValue();
                }
            }
        }
        if (Arrays.stream(starts).sum() == 0) {
            return null; // every start of this state field fell in windows dropped as late
        }
        List<NumericMarginal> timeToNext = new ArrayList<>();
        for (String state : states) {
            KllDoublesSketch sketch = chain.timeToNext().get(state);
            timeToNext.add(sketch == null ? null : ModelBuilder.numericMarginal(sketch));
        }
        NumericMarginal eventsPerEntity = sequences.entityEnds() == 0 ? null : ModelBuilder.numericMarginal(sequences.eventsPerEntity());
        double startsPerSecond = sequences.entityStarts() / spanSeconds(stats);
        double meanLifetimeSeconds = sequences.entityEnds() == 0 ? 0 : sequences.endedLifetimeMs() / sequences.entityEnds() / 1000;
        return new SequenceModel(sequences.keyField(), chain.name(), states, starts, transitions, timeToNext, eventsPerEntity,
                attributes(sequences, fields, chain.name()), startsPerSecond, startsPerSecond * meanLifetimeSeconds,
                sequences.entityGapMs());
    }

    static Optional<SequenceStats.StateField> stateField(SequenceStats sequences) {
        if (sequences.configuredStateField() != null) {
            return Optional.ofNullable(sequences.stateFields().get(sequences.configuredStateField()))
                    .filter(field -> !field.overflowed() && !field.states().isEmpty());
        }
        return sequences.stateFields().values().stream()
                .filter(field -> !field.overflowed() && field.states().size() >= 2 && field.pairs() > 0)
                .filter(field -> changeShare(field) >= MIN_CHANGE_SHARE)
                .max(Comparator.comparingDouble(SequenceModelBuilder::changeShare)
                        .thenComparing(SequenceStats.StateField::name, Comparator.reverseOrder()));
    }

    private static double changeShare(SequenceStats.StateField field) {
        return (double) field.changes() / field.pairs();
    }

    private static List<String> attributes(SequenceStats sequences, List<FieldModel> fields, String stateField) {
        List<String> attributes = new ArrayList<>();
        if (sequences.multiEventEntities() == 0) {
            return attributes;
        }
        for (FieldModel field : fields) {
            long constant = sequences.constantFields().getOrDefault(field.name(), 0L);
            if (!field.name().equals(stateField) && !field.name().equals(sequences.keyField())
                    && constant >= ATTRIBUTE_SHARE * sequences.multiEventEntities()) {
                attributes.add(field.name());
            }
        }
        return attributes;
    }

    /** The span of event time learned, as the rate timeline covers it. */
    private static double spanSeconds(TopicStats stats) {
        if (stats.timeline().isEmpty()) {
            return Math.max(1, stats.maxTimestamp() - stats.minTimestamp() + 1) / 1000.0;
        }
        return (stats.timeline().lastKey() + stats.windowSizeMs() - stats.timeline().firstKey()) / 1000.0;
    }

    /**
     * {@code chain} with its start and transition counts over a horizon: each pane's counts of the
     * chain's state field weighted by the pane's weight ({@code weights}, oldest first as
     * {@code panes}), then scaled so that the lightest pane's events count 1 and rounded (a transition
     * seen in the horizon keeps a count of at least 1). A state the horizon never left keeps its
     * cumulative row, so an entity reaching it does not end for want of one. Times to next, events per
     * entity and the start rate stay cumulative. {@code chain} itself if no pane has its state field.
     */
    public static SequenceModel overHorizon(SequenceModel chain, List<dev.doppel.stats.WindowStats> panes, List<Double> weights) {
        int n = chain.states().size();
        double[] starts = new double[n];
        double[][] transitions = new double[n][n + 1];
        double lightest = Double.POSITIVE_INFINITY;
        boolean any = false;
        for (int j = 0; j < panes.size(); j++) {
            SequenceStats sequences = panes.get(j).sequences();
            SequenceStats.StateField field = sequences == null ? null : sequences.stateFields().get(chain.stateField());
            double weight = weights.get(j);
            if (field == null || field.overflowed() || !(weight > 0)) {
                continue;
            }
            any = true;
            lightest = Math.min(lightest, weight);
            for (Map.Entry<String, Map<String, Long>> row : field.transitions().entrySet()) {
                int from = row.getKey() == null ? -1 : chain.states().indexOf(row.getKey());
                for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
                    int to = cell.getKey() == null ? n : chain.states().indexOf(cell.getKey());
                    if (to < 0 || (row.getKey() != null && from < 0)) {
                        continue; // a state the cumulative chain does not have yet
                    }
                    if (from < 0 && to < n) {
                        starts[to] += weight * cell.getValue();
                    } else if (from >= 0) {
                        transitions[from][to] += weight * cell.getValue();
                    }
                }
            }
        }
        long[] startCounts = counts(starts, lightest);
        if (!any || Arrays.stream(startCounts).sum() == 0) {
            return chain;
        }
        long[][] cumulative = chain.transitionCounts();
        long[][] transitionCounts = new long[n][];
        for (int s = 0; s < n; s++) {
            transitionCounts[s] = counts(transitions[s], lightest);
            if (Arrays.stream(transitionCounts[s]).sum() == 0) {
                transitionCounts[s] = cumulative[s];
            }
        }
        return new SequenceModel(chain.keyField(), chain.stateField(), chain.states(), startCounts, transitionCounts,
                chain.timeToNextMs(), chain.eventsPerEntity(), chain.attributes(), chain.entityStartsPerSecond(),
                chain.meanActiveEntities(), chain.entityGapMs(), chain.entityCopula());
    }

    /** Weighted counts scaled so that weight {@code lightest} counts 1, rounded; positive ones at least 1. */
    private static long[] counts(double[] weighted, double lightest) {
        long[] counts = new long[weighted.length];
        for (int i = 0; i < weighted.length; i++) {
            counts[i] = weighted[i] > 0 ? Math.max(1, Math.round(weighted[i] / lightest)) : 0;
        }
        return counts;
    }
}
