package dev.doppel.sample;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.NumericMarginal;
import dev.doppel.model.SequenceModel;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Draws synthetic events of synthetic entities from a model's {@link SequenceModel}, in event-time
 * order. Entities start as a Poisson process at the learned start rate; each starts in a state drawn
 * from the start distribution. Where the model has an {@link dev.doppel.model.EntityCopula}, the
 * entity then draws its attributes and the rank of its length together from it, given its start
 * state and start hour, takes the chain's length at that rank and walks the chain for exactly that
 * many events ({@link ChainBridge}): long entities get the attributes of long ones, and over all
 * ranks the walks are the free chain's, with its state shares. (Forcing the learned lengths on an
 * order-1 chain instead moved storms' status shares by 0.079 in TVD; by rank, 0.007.) Attributes that
 * a dependency derives from the others come from that dependency's table, through one row of the
 * event sampler. Without an entity copula, the entity draws its attributes from one row of the event
 * sampler and walks the chain freely: from each state the next (or its end) from that state's
 * transition row. As it plays its walk, the event time to its next event comes from its state's
 * learned time-to-next distribution. A priority queue by next-event time interleaves the active
 * entities. Each event's row comes from {@link EventSampler#next(Map)} with the
 * state and the attributes given, and the key field (if the key is a field) set to the entity's
 * fresh key from {@link EntityKeys}, in the shape of the real ones.
 *
 * <p>Event times are synthetic, starting at the source's first event; the generator paces events by
 * its own clock and uses them only for their order, and passes its clock to {@link #next(long)} so
 * that entities take their start hour from the time they are written. The same model, seed and
 * clock give the same events. Not thread-safe.
 */
public final class SequenceSampler {

    /** One synthetic event: its entity's key, its synthetic event time (ms) and its row. */
    public record Event(String key, long eventTimeMs, Row row) {
    }

    private final SequenceModel chain;
    private final EventSampler rows;
    private final UniformRandomProvider random;
    private final EntityKeys keys;
    private final FieldType stateType;
    private final DiscreteSampler start;
    private final DiscreteSampler[] next;
    private final EntityAttributeSampler attributeSampler;
    private final ChainBridge bridge;
    /** Attributes that a dependency's table derives from the other attributes and the state: left to the table. */
    private final java.util.Set<String> derivedAttributes = new HashSet<>();
    private final long origin;
    private final double meanMsBetweenStarts;
    private final PriorityQueue<Entity> active = new PriorityQueue<>(
            Comparator.comparingDouble((Entity entity) -> entity.nextEventTime).thenComparingLong(entity -> entity.ordinal));
    private double nextStartTime;
    private long entitiesStarted;

    /** A sampler over {@code model}, which must have sequences, with its own random stream from {@code seed}. */
    public static SequenceSampler seeded(ModelSnapshot model, long seed) {
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        return new SequenceSampler(model, new EventSampler(model, random), random,
                EntityKeys.of(model, model.sequences() == null ? null : model.sequences().keyField(), seed));
    }

    public SequenceSampler(ModelSnapshot model, EventSampler rows, UniformRandomProvider random, EntityKeys keys) {
        if (model.sequences() == null) {
            throw new IllegalArgumentException("model of " + model.sourceTopic() + " has no entity sequences");
        }
        this.chain = model.sequences();
        this.rows = rows;
        this.random = random;
        this.keys = keys;
        this.stateType = typeOf(model, chain.stateField());
        this.start = AliasMethodDiscreteSampler.of(random, chain.startProbabilities());
        this.next = new DiscreteSampler[chain.states().size()];
        for (int state = 0; state < next.length; state++) {
            double[] row = chain.transitionProbabilities(state);
            // A state only ever seen last in entities still live when learning stopped has no row: it ends.
            next[state] = sum(row) == 0 ? null : AliasMethodDiscreteSampler.of(random, row);
        }
        this.meanMsBetweenStarts = 1000.0 / chain.entityStartsPerSecond();
        this.nextStartTime = 0;
        this.origin = model.events() == 0 ? 0 : model.firstEvent();
        this.attributeSampler = chain.entityCopula() == null ? null : new EntityAttributeSampler(model, chain.entityCopula(), random);
        this.bridge = new ChainBridge(chain);
        java.util.Set<String> entityFields = new HashSet<>(chain.attributes());
        entityFields.add(chain.stateField());
        for (dev.doppel.model.Dependency dependency : model.dependencies()) {
            if (entityFields.containsAll(dependency.determinants())) {
                for (String dependent : dependency.dependents()) {
                    if (chain.attributes().contains(dependent) && !dependency.determinants().contains(dependent)) {
                        derivedAttributes.add(dependent);
                    }
                }
            }
        }
    }

    /** The next event in synthetic event-time order; entities starting now take their start hour from their synthetic start time. */
    public Event next() {
        return next(Long.MIN_VALUE);
    }

    /**
     * The next event in synthetic event-time order; entities starting now take their start hour from
     * {@code clockMs}, the time the caller will write this event at ({@link Long#MIN_VALUE}: from
     * their synthetic start time).
     */
    public Event next(long clockMs) {
        while (active.isEmpty() || nextStartTime <= active.peek().nextEventTime) {
            startEntity(clockMs == Long.MIN_VALUE ? origin + Math.round(nextStartTime) : clockMs);
        }
        Entity entity = active.poll();
        Map<String, Object> given = new LinkedHashMap<>(entity.attributes);
        given.put(chain.stateField(), typed(chain.states().get(entity.state), stateType));
        if (chain.keyField() != null) {
            given.put(chain.keyField(), entity.key);
        }
        Event event = new Event(String.valueOf(entity.key), origin + Math.round(entity.nextEventTime), rows.next(given));
        advance(entity);
        return event;
    }

    /** Entities started so far. */
    public long entitiesStarted() {
        return entitiesStarted;
    }

    /** Entities that have started and not yet ended. */
    public int activeEntities() {
        return active.size();
    }

    /** The keys of the entities that have started and not yet ended: their last event was not their end. */
    public Set<String> activeKeys() {
        Set<String> keys = new HashSet<>();
        active.forEach(entity -> keys.add(String.valueOf(entity.key)));
        return keys;
    }

    /** The states, in the model's order; for tests and reports. */
    public List<String> states() {
        return chain.states();
    }

    private void startEntity(long startMs) {
        int first = start.sample();
        int[] walk = null;
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (!chain.attributes().isEmpty()) {
            Map<String, Object> given = new LinkedHashMap<>();
            given.put(chain.stateField(), typed(chain.states().get(first), stateType));
            if (attributeSampler != null) {
                EntityAttributeSampler.Draw draw = attributeSampler.draw(given.get(chain.stateField()),
                        dev.doppel.model.EntityCopula.hourOfDay(startMs));
                draw.attributes().forEach((field, value) -> {
                    if (!derivedAttributes.contains(field)) {
                        given.put(field, value);
                    }
                });
                walk = bridge.walk(first, bridge.lengthAt(draw.lengthRank(), MAX_EVENTS_PER_ENTITY), random);
            }
            Row row = rows.next(given);
            for (String attribute : chain.attributes()) {
                attributes.put(attribute, row.get(attribute));
            }
        }
        if (walk == null) {
            walk = walk(first); // no entity copula, or the chain has no path of the drawn length from there
        }
        active.add(new Entity(keys.next(), entitiesStarted++, walk, nextStartTime, attributes));
        // Exponential gaps between starts: a Poisson process at the learned rate.
        nextStartTime += -Math.log(1 - random.nextDouble()) * meanMsBetweenStarts;
    }

    /** Most events one synthetic entity has: a chain whose ends are rarer than this would keep it forever. */
    static final int MAX_EVENTS_PER_ENTITY = 100_000;

    /** An entity's states, one per event, from {@code first} until the chain ends it. */
    private int[] walk(int first) {
        int[] states = new int[16];
        int length = 0;
        int state = first;
        while (true) {
            if (length == states.length) {
                states = java.util.Arrays.copyOf(states, length * 2);
            }
            states[length++] = state;
            DiscreteSampler transition = next[state];
            int to = transition == null ? chain.endIndex() : transition.sample();
            if (to == chain.endIndex() || length == MAX_EVENTS_PER_ENTITY) {
                return java.util.Arrays.copyOf(states, length);
            }
            state = to;
        }
    }

    private void advance(Entity entity) {
        if (++entity.step == entity.walk.length) {
            return; // ended: leaves the pool
        }
        NumericMarginal wait = chain.timeToNextMs().get(entity.state);
        entity.nextEventTime += wait == null ? 0 : wait.quantile(random.nextDouble());
        entity.state = entity.walk[entity.step];
        active.add(entity);
    }

    private static FieldType typeOf(ModelSnapshot model, String field) {
        FieldModel fieldModel = model.field(field);
        return fieldModel == null ? FieldType.STRING : fieldModel.type();
    }

    /** A state or key as the field's type holds it: states are learned as text. */
    private static Object typed(String text, FieldType type) {
        try {
            return switch (type) {
                case LONG -> Long.parseLong(text);
                case DOUBLE -> Double.parseDouble(text);
                case BOOLEAN -> Boolean.parseBoolean(text);
                case STRING, TIMESTAMP -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum;
    }

    private static final class Entity {
        final Object key;
        final long ordinal;
        final Map<String, Object> attributes;
        /** Its states, one per event, drawn when it started. */
        final int[] walk;
        int step;
        int state;
        double nextEventTime;

        Entity(Object key, long ordinal, int[] walk, double firstEventTime, Map<String, Object> attributes) {
            this.key = key;
            this.ordinal = ordinal;
            this.walk = walk;
            this.state = walk[0];
            this.nextEventTime = firstEventTime;
            this.attributes = attributes;
        }
    }
}
