package dev.doppel.stats;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import dev.doppel.codec.Row;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * What one learner task saw of entities (the events sharing an entity key) in one window: entity
 * starts and ends, events per entity, how long entities live, which fields never change within an
 * entity, and for every candidate state field the transitions between its values and the time to
 * the next event per value. Mergeable ({@link #merge}), bounded in memory: a state field with more
 * than {@link #MAX_STATES} values is marked {@linkplain StateField#overflowed() overflowed} and its
 * counts dropped, and the distributions are KLL sketches.
 *
 * <p>Transitions use null for the two ends of a life: {@code (null, s)} is an entity starting in
 * state {@code s}, {@code (s, null)} one ending after an event in state {@code s}. An entity ends
 * when no event of its key came for the entity gap, in event time. Nulls in a state field are left
 * out of its chain.
 *
 * <p>Ended entities are also sampled whole into a {@link RowReservoir} ({@link #endedEntities}): per
 * entity the first values of the fields that never changed in it, its number of events
 * ({@link #EVENTS}) and its first event's time ({@link #START}), so the model can learn its
 * attributes jointly with its length and start time. Like the event reservoir, these are real values
 * and stay in the learner's state and internal topics. Not thread-safe.
 */
public final class SequenceStats {

    /** States a state field may have; a field with more is not a state but an identifier or a measure. */
    public static final int MAX_STATES = 32;
    /** The column of an ended entity's row in {@link #endedEntities} that holds its number of events. */
    public static final String EVENTS = "#events";
    /** The column of an ended entity's row in {@link #endedEntities} that holds its first event's time (ms). */
    public static final String START = "#start";

    private final String keyField;
    private final String stateField;
    private final long entityGapMs;
    private long entityStarts;
    private long entityEnds;
    private long multiEventEntities;
    private double endedLifetimeMs;
    private KllDoublesSketch eventsPerEntity;
    private final Map<String, Long> constantFields = new LinkedHashMap<>();
    private final Map<String, StateField> stateFields = new LinkedHashMap<>();
    private RowReservoir endedEntities;

    /**
     * Statistics keeping a sample of at most {@link RowReservoir#WINDOW_CAPACITY} ended entities.
     *
     * @param keyField    the field that names the entity, or null for the record key
     * @param stateField  the configured state field, or null to collect every text field as a candidate
     * @param entityGapMs event time without an event after which an entity has ended
     */
    public SequenceStats(String keyField, String stateField, long entityGapMs) {
        this(keyField, stateField, entityGapMs, new RowReservoir(RowReservoir.WINDOW_CAPACITY, 0));
    }

    /** As above, with {@code endedEntities} as the sample of ended entities (its capacity, seed and rows). */
    public SequenceStats(String keyField, String stateField, long entityGapMs, RowReservoir endedEntities) {
        this.keyField = keyField;
        this.stateField = stateField;
        this.entityGapMs = entityGapMs;
        this.endedEntities = endedEntities;
    }

    /** Counts an entity's first event. */
    public void entityStarted() {
        entityStarts++;
    }

    /**
     * Counts an ended entity and offers it to the sample of ended entities.
     *
     * @param events          how many events it had
     * @param startMs         its first event's time
     * @param lifetimeMs      time from its first to its last event
     * @param constantFields  the fields whose value never changed (with one event: every field it had)
     * @param firstValues     its first event's values by field, as text
     */
    public void entityEnded(long events, long startMs, long lifetimeMs, Set<String> constantFields,
                            Map<String, String> firstValues) {
        // Every first value, not only the constant ones: which fields are attributes is decided over all
        // entities, and an attribute that changed in this one still had its first value.
        Map<String, Object> entity = new LinkedHashMap<>(firstValues);
        entity.put(EVENTS, events);
        entity.put(START, startMs);
        endedEntities.offer(Row.of(entity));
        entityEnds++;
        endedLifetimeMs += lifetimeMs;
        eventsPerEntity().update(events);
        if (events >= 2) {
            multiEventEntities++;
            for (String field : constantFields) {
                this.constantFields.merge(field, 1L, Long::sum);
            }
        }
    }

    /** The statistics of candidate state field {@code field}, created on first use. */
    public StateField stateField(String field) {
        return stateFields.computeIfAbsent(field, StateField::new);
    }

    /** Adds {@code other}'s counts and sketches to these. */
    public void merge(SequenceStats other) {
        entityStarts += other.entityStarts;
        entityEnds += other.entityEnds;
        multiEventEntities += other.multiEventEntities;
        endedLifetimeMs += other.endedLifetimeMs;
        if (other.eventsPerEntity != null) {
            eventsPerEntity().merge(other.eventsPerEntity);
        }
        other.constantFields.forEach((field, count) -> constantFields.merge(field, count, Long::sum));
        endedEntities.merge(other.endedEntities);
        for (StateField field : other.stateFields.values()) {
            stateField(field.name).merge(field);
        }
    }

    public String keyField() {
        return keyField;
    }

    public String configuredStateField() {
        return stateField;
    }

    public long entityGapMs() {
        return entityGapMs;
    }

    public long entityStarts() {
        return entityStarts;
    }

    public long entityEnds() {
        return entityEnds;
    }

    /** Ended entities with two events or more: those in which a field could have changed. */
    public long multiEventEntities() {
        return multiEventEntities;
    }

    /** Sum over ended entities of the time from their first to their last event. */
    public double endedLifetimeMs() {
        return endedLifetimeMs;
    }

    /** Events per ended entity, or null if none ended. Do not modify. */
    public KllDoublesSketch eventsPerEntity() {
        if (eventsPerEntity == null) {
            eventsPerEntity = KllDoublesSketch.newHeapInstance(FieldStats.KLL_K);
        }
        return eventsPerEntity;
    }

    boolean hasEventsPerEntity() {
        return eventsPerEntity != null;
    }

    /** Per field, in how many multi-event entities it never changed. */
    public Map<String, Long> constantFields() {
        return Collections.unmodifiableMap(constantFields);
    }

    /**
     * A sample of the ended entities, one row each: its first event's values (as text; a field it did
     * not have is null), {@link #EVENTS} and {@link #START}. Do not modify.
     */
    public RowReservoir endedEntities() {
        return endedEntities;
    }

    /** Candidate state fields by name. */
    public Map<String, StateField> stateFields() {
        return Collections.unmodifiableMap(stateFields);
    }

    void restore(long entityStarts, long entityEnds, long multiEventEntities, double endedLifetimeMs,
                 KllDoublesSketch eventsPerEntity, Map<String, Long> constantFields) {
        this.entityStarts = entityStarts;
        this.entityEnds = entityEnds;
        this.multiEventEntities = multiEventEntities;
        this.endedLifetimeMs = endedLifetimeMs;
        this.eventsPerEntity = eventsPerEntity;
        this.constantFields.putAll(constantFields);
    }

    void putStateField(StateField field) {
        stateFields.put(field.name, field);
    }

    /** One candidate state field's chain: transitions (null for start and end) and time to next event per state. */
    public static final class StateField {
        private final String name;
        private boolean overflowed;
        private long pairs;
        private long changes;
        private final Map<String, Map<String, Long>> transitions = new HashMap<>();
        private final Map<String, KllDoublesSketch> timeToNext = new HashMap<>();

        StateField(String name) {
            this.name = name;
        }

        /** Counts a transition; {@code from} null for a start, {@code to} null for an end. */
        public void transition(String from, String to) {
            if (overflowed) {
                return;
            }
            transitions.computeIfAbsent(from, s -> new HashMap<>()).merge(to, 1L, Long::sum);
            if (from != null && to != null) {
                pairs++;
                if (!from.equals(to)) {
                    changes++;
                }
            }
            checkBound();
        }

        /** Adds the event time from an event in {@code state} to the entity's next event. */
        public void timeToNext(String state, double ms) {
            if (!overflowed) {
                timeToNext.computeIfAbsent(state, s -> KllDoublesSketch.newHeapInstance(FieldStats.KLL_K)).update(ms);
            }
        }

        void merge(StateField other) {
            pairs += other.pairs;
            changes += other.changes;
            if (overflowed || other.overflowed) {
                markOverflowed();
                return;
            }
            other.transitions.forEach((from, row) -> row.forEach((to, count) ->
                    transitions.computeIfAbsent(from, s -> new HashMap<>()).merge(to, count, Long::sum)));
            other.timeToNext.forEach((state, sketch) ->
                    timeToNext.computeIfAbsent(state, s -> KllDoublesSketch.newHeapInstance(FieldStats.KLL_K)).merge(sketch));
            checkBound();
        }

        private void checkBound() {
            if (states().size() > MAX_STATES) {
                markOverflowed();
            }
        }

        void markOverflowed() {
            overflowed = true;
            transitions.clear();
            timeToNext.clear();
        }

        public String name() {
            return name;
        }

        /** True if the field had more than {@link #MAX_STATES} values: no chain is kept for it. */
        public boolean overflowed() {
            return overflowed;
        }

        /** Consecutive events of one entity, both with a value in this field. */
        public long pairs() {
            return pairs;
        }

        /** Of those, how many changed the value. */
        public long changes() {
            return changes;
        }

        /** The states seen (never null). */
        public Set<String> states() {
            Set<String> states = new HashSet<>();
            transitions.forEach((from, row) -> {
                if (from != null) {
                    states.add(from);
                }
                for (String to : row.keySet()) {
                    if (to != null) {
                        states.add(to);
                    }
                }
            });
            return states;
        }

        /** Transition counts: from (null for start) to (null for end). Do not modify. */
        public Map<String, Map<String, Long>> transitions() {
            return transitions;
        }

        /** Time to the next event of the same entity (ms) by state. Do not modify. */
        public Map<String, KllDoublesSketch> timeToNext() {
            return timeToNext;
        }

        void restore(boolean overflowed, long pairs, long changes) {
            this.overflowed = overflowed;
            this.pairs = pairs;
            this.changes = changes;
        }
    }
}
