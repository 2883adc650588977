package dev.doppel.sample;

import dev.doppel.codec.CollectionPaths;
import dev.doppel.codec.Row;
import dev.doppel.model.CategoricalMarginal;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Draws synthetic events from a {@link ModelSnapshot}, in the source's field order: whole rows
 * jointly where the model has a copula or dependencies ({@link JointSampler}), each other field
 * independently from its learned marginal. Identifier, entity key and text fields are made up in their
 * learned shape by an {@link IdentifierSynthesizer}: never a real value. Numbers keep the learned
 * bounds and precision. The same model and seed give the same events. Not thread-safe: give each
 * thread its own sampler.
 *
 * <p>Arrays and maps ({@link CollectionPaths}) stay out of the joint model: a row's length is drawn
 * from the length path's marginal, then that many elements from each element path's marginal,
 * independently. A map's keys are drawn without repeats; when its key marginal has fewer distinct
 * values than the drawn size, the map is as large as the distinct keys drawn allow.
 */
public final class EventSampler {

    private final UniformRandomProvider random;
    private final List<FieldSampler> fields;
    private final Map<String, FieldSampler> byName = new java.util.HashMap<>();
    private final JointSampler joint;
    private final List<CollectionSampler> collections = new ArrayList<>();

    /** A sampler over {@code model} with its own random stream started from {@code seed}. */
    public static EventSampler seeded(ModelSnapshot model, long seed) {
        return new EventSampler(model, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    public EventSampler(ModelSnapshot model, UniformRandomProvider random) {
        this.random = random;
        this.fields = model.fields().stream().map(field -> new FieldSampler(field, random)).toList();
        fields.forEach(field -> byName.put(field.model.name(), field));
        Map<String, CollectionSampler> byCollection = new LinkedHashMap<>();
        for (FieldSampler field : fields) {
            String name = field.model.name();
            String collection = CollectionPaths.collectionOf(name);
            if (collection != null && !CollectionPaths.isLength(name)) {
                CollectionSampler sampler = byCollection.computeIfAbsent(collection, CollectionSampler::new);
                if (CollectionPaths.isMapKey(name)) {
                    sampler.keys = field;
                } else {
                    sampler.elements.add(field);
                }
            }
        }
        collections.addAll(byCollection.values());
        this.joint = model.copula() == null && model.dependencies().isEmpty() && model.stateCopulas().isEmpty()
                ? null : new JointSampler(model, random);
    }

    public Row next() {
        if (joint != null) {
            return withCollections(joint.next(Map.of(), this::sampleOne), Map.of());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSampler field : fields) {
            values.put(field.model.name(), field.element ? null : field.sample(random));
        }
        return withCollections(values, Map.of());
    }

    /** One field from its marginal; element paths are filled in afterwards by {@link #withCollections}. */
    private Object sampleOne(String name) {
        FieldSampler field = byName.get(name);
        return field.element ? null : field.sample(random);
    }

    /** Draws each array's and map's elements for the length already in {@code values}; given lists are kept. */
    private Row withCollections(Map<String, Object> values, Map<String, Object> given) {
        if (collections.isEmpty()) {
            return Row.of(values);
        }
        Map<String, Object> filled = values instanceof LinkedHashMap ? values : new LinkedHashMap<>(values);
        for (CollectionSampler collection : collections) {
            collection.fill(filled, given);
        }
        return Row.of(filled);
    }

    /**
     * A row whose {@code given} fields hold their values (a state, an entity's attributes) and whose
     * other fields are drawn conditioned on them where the model can: through the copula and the
     * dependency tables; fields outside both from their marginals. Given fields the model does not
     * know are kept as they are.
     */
    public Row next(Map<String, Object> given) {
        if (joint != null) {
            return withCollections(joint.next(given, this::sampleOne), given);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSampler field : fields) {
            String name = field.model.name();
            values.put(name, given.containsKey(name) ? given.get(name) : field.element ? null : field.sample(random));
        }
        given.forEach(values::putIfAbsent);
        return withCollections(values, given);
    }

    /** The element and key samplers of one array or map. */
    private final class CollectionSampler {
        /** Draws of a map's key marginal before giving up on finding another new key, per key wanted. */
        private static final int KEY_TRIES = 20;

        private final String lengthPath;
        private final List<FieldSampler> elements = new ArrayList<>();
        private FieldSampler keys;

        CollectionSampler(String collection) {
            this.lengthPath = CollectionPaths.lengthOf(collection);
        }

        void fill(Map<String, Object> values, Map<String, Object> given) {
            Object length = values.get(lengthPath);
            int n = length instanceof Number number ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, number.longValue())) : 0;
            if (keys != null && !given.containsKey(keys.model.name())) {
                List<Object> drawn = distinctKeys(n);
                if (drawn.size() < n) {
                    n = drawn.size();
                    values.put(lengthPath, (long) n);
                }
                values.put(keys.model.name(), drawn);
            }
            for (FieldSampler element : elements) {
                String name = element.model.name();
                if (given.containsKey(name)) {
                    continue;
                }
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(element.sample(random));
                }
                values.put(name, Collections.unmodifiableList(list));
            }
        }

        private List<Object> distinctKeys(int n) {
            List<Object> drawn = new ArrayList<>(n);
            Set<Object> seen = new HashSet<>();
            for (int tries = 0; drawn.size() < n && tries < KEY_TRIES * n; tries++) {
                Object key = keys.sample(random);
                if (key != null && seen.add(key)) {
                    drawn.add(key);
                }
            }
            return Collections.unmodifiableList(drawn);
        }
    }

    /** One field's sampler, with the categorical alias table built once. */
    private static final class FieldSampler {
        private final FieldModel model;
        private final DiscreteSampler categories;
        private final IdentifierSynthesizer synthesizer;
        /** An element path of an array or map: drawn per element, not per row. */
        private final boolean element;

        FieldSampler(FieldModel model, UniformRandomProvider random) {
            this.model = model;
            this.element = CollectionPaths.isElement(model.name());
            this.synthesizer = model.role().synthesized() && model.shape() != null
                    ? new IdentifierSynthesizer(model.shape(), random) : null;
            CategoricalMarginal categorical = model.categorical();
            // The alias method draws a category in O(1) whatever their number (Vose 1991).
            this.categories = categorical == null || synthesizer != null ? null : AliasMethodDiscreteSampler.of(random, categorical.weights());
        }

        Object sample(UniformRandomProvider random) {
            if (model.alwaysNull() || (model.nullRate() > 0 && random.nextDouble() < model.nullRate())) {
                return null;
            }
            if (synthesizer != null) {
                return model.type() == dev.doppel.codec.FieldType.LONG ? (Object) synthesizer.nextLong() : synthesizer.next();
            }
            return switch (model.type()) {
                case LONG -> Math.round(model.fit(model.numeric().quantile(random.nextDouble())));
                case DOUBLE -> model.fit(model.numeric().quantile(random.nextDouble()));
                case TIMESTAMP -> model.timestampFormat().format(Math.round(model.numeric().quantile(random.nextDouble())));
                case BOOLEAN -> random.nextDouble() < model.trueRate();
                case STRING -> model.categorical().values().get(categories.sample());
            };
        }
    }
}
