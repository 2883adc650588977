package dev.doppel.model;

import java.util.Arrays;
import java.util.List;

/**
 * How the source's entities live: an order-1 Markov chain over the state field's values with a start
 * distribution and an end state, the time from an event to its entity's next one per state, how
 * many events an entity has, which fields are entity attributes (constant within an entity), how
 * they go with an entity's start state, length and start hour ({@link EntityCopula}), and how
 * often entities start. Holds counts rather than probabilities, so a reader can tell a well-supported
 * row from a thin one. No entity key value is part of it. Immutable.
 *
 * @param keyField              the field naming the entity, or null for the record key
 * @param stateField            the field whose values are the states
 * @param states                the states, in a fixed order
 * @param startCounts           per state, entities whose first state it was
 * @param transitionCounts      per state, counts of the next state, with a last column for the end
 * @param timeToNextMs          per state, the event time to the entity's next event (ms); null where
 *                              no event in that state had a next one
 * @param eventsPerEntity       events per ended entity, or null if none ended
 * @param attributes            fields constant within (almost) every multi-event entity
 * @param entityStartsPerSecond entity starts per second of event time
 * @param meanActiveEntities    entities between their first and last event at a time, on average
 *                              (starts per second times mean lifetime, Little's law)
 * @param entityGapMs           event time without an event after which the learner ended an entity
 * @param entityCopula          how attributes go with the start state, length and start hour of an
 *                              entity, or null (too few ended entities sampled: attributes are drawn
 *                              per entity from the event model)
 */
public record SequenceModel(
        String keyField,
        String stateField,
        List<String> states,
        long[] startCounts,
        long[][] transitionCounts,
        List<NumericMarginal> timeToNextMs,
        NumericMarginal eventsPerEntity,
        List<String> attributes,
        double entityStartsPerSecond,
        double meanActiveEntities,
        long entityGapMs,
        EntityCopula entityCopula) {

    public SequenceModel {
        int n = states.size();
        if (n == 0 || startCounts.length != n || transitionCounts.length != n || timeToNextMs.size() != n) {
            throw new IllegalArgumentException("a chain needs start counts, a transition row and a time to next per state");
        }
        for (long[] row : transitionCounts) {
            if (row.length != n + 1) {
                throw new IllegalArgumentException("each transition row needs a count per state and one for the end");
            }
        }
        if (Arrays.stream(startCounts).sum() == 0) {
            throw new IllegalArgumentException("a chain needs at least one start");
        }
        states = List.copyOf(states);
        startCounts = startCounts.clone();
        transitionCounts = Arrays.stream(transitionCounts).map(long[]::clone).toArray(long[][]::new);
        timeToNextMs = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(timeToNextMs));
        attributes = List.copyOf(attributes);
    }

    /** A chain without an entity copula. */
    public SequenceModel(String keyField, String stateField, List<String> states, long[] startCounts, long[][] transitionCounts,
                         List<NumericMarginal> timeToNextMs, NumericMarginal eventsPerEntity, List<String> attributes,
                         double entityStartsPerSecond, double meanActiveEntities, long entityGapMs) {
        this(keyField, stateField, states, startCounts, transitionCounts, timeToNextMs, eventsPerEntity, attributes,
                entityStartsPerSecond, meanActiveEntities, entityGapMs, null);
    }

    /** This chain with {@code copula} as its entity copula. */
    public SequenceModel withEntityCopula(EntityCopula copula) {
        return new SequenceModel(keyField, stateField, states, startCounts, transitionCounts, timeToNextMs, eventsPerEntity,
                attributes, entityStartsPerSecond, meanActiveEntities, entityGapMs, copula);
    }

    /** The column of {@link #transitionCounts} that means the entity ends. */
    public int endIndex() {
        return states.size();
    }

    /** Start probabilities, per state. */
    public double[] startProbabilities() {
        return normalised(startCounts);
    }

    /** Probabilities of the next state after {@code state} (index), the last one the end; all 0 if never left. */
    public double[] transitionProbabilities(int state) {
        return normalised(transitionCounts[state]);
    }

    @Override
    public long[] startCounts() {
        return startCounts.clone();
    }

    @Override
    public long[][] transitionCounts() {
        return Arrays.stream(transitionCounts).map(long[]::clone).toArray(long[][]::new);
    }

    private static double[] normalised(long[] counts) {
        double total = Arrays.stream(counts).sum();
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length && total > 0; i++) {
            shares[i] = counts[i] / total;
        }
        return shares;
    }
}
