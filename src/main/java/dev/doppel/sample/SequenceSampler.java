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
 * from the start distribution, draws its attributes once (from one row of the event sampler, so
 * their per-event distribution is the source's), and walks the Markov chain: after each event it
 * draws its next state (or its end) from its state's transition row, and the event time to its next
 * event from its state's learned time-to-next distribution. A priority queue by next-event time
 * interleaves the active entities. Each event's row comes from {@link EventSampler#next(Map)} with the
 * state and the attributes given, and the key field (if the key is a field) set to the entity's
 * fresh key from {@link EntityKeys}, in the shape of the real ones.
 *
 * <p>Event times are synthetic, starting at 0 ms; the generator paces events by its own rate and
 * uses them only for their order. The same model and seed give the same events. Not thread-safe.
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
    }

    /** The next event in synthetic event-time order. */
    public Event next() {
        while (active.isEmpty() || nextStartTime <= active.peek().nextEventTime) {
            startEntity();
        }
        Entity entity = active.poll();
        Map<String, Object> given = new LinkedHashMap<>(entity.attributes);
        given.put(chain.stateField(), typed(chain.states().get(entity.state), stateType));
        if (chain.keyField() != null) {
            given.put(chain.keyField(), entity.key);
        }
        Event event = new Event(String.valueOf(entity.key), Math.round(entity.nextEventTime), rows.next(given));
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

    private void startEntity() {
        int state = start.sample();
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (!chain.attributes().isEmpty()) {
            Row first = rows.next(Map.of(chain.stateField(), typed(chain.states().get(state), stateType)));
            for (String attribute : chain.attributes()) {
                attributes.put(attribute, first.get(attribute));
            }
        }
        active.add(new Entity(keys.next(), entitiesStarted++, state, nextStartTime, attributes));
        // Exponential gaps between starts: a Poisson process at the learned rate.
        nextStartTime += -Math.log(1 - random.nextDouble()) * meanMsBetweenStarts;
    }

    private void advance(Entity entity) {
        DiscreteSampler transition = next[entity.state];
        int to = transition == null ? chain.endIndex() : transition.sample();
        if (to == chain.endIndex()) {
            return; // ended: leaves the pool
        }
        NumericMarginal wait = chain.timeToNextMs().get(entity.state);
        entity.nextEventTime += wait == null ? 0 : wait.quantile(random.nextDouble());
        entity.state = to;
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
        int state;
        double nextEventTime;

        Entity(Object key, long ordinal, int state, double firstEventTime, Map<String, Object> attributes) {
            this.key = key;
            this.ordinal = ordinal;
            this.state = state;
            this.nextEventTime = firstEventTime;
            this.attributes = attributes;
        }
    }
}
