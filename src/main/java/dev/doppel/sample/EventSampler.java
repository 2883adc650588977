package dev.doppel.sample;

import dev.doppel.codec.Row;
import dev.doppel.model.CategoricalMarginal;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class EventSampler {

    private final UniformRandomProvider random;
    private final List<FieldSampler> fields;
    private final Map<String, FieldSampler> byName = new java.util.HashMap<>();
    private final JointSampler joint;

    /** A sampler over {@code model} with its own random stream started from {@code seed}. */
    public static EventSampler seeded(ModelSnapshot model, long seed) {
        return new EventSampler(model, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    public EventSampler(ModelSnapshot model, UniformRandomProvider random) {
        this.random = random;
        this.fields = model.fields().stream().map(field -> new FieldSampler(field, random)).toList();
        fields.forEach(field -> byName.put(field.model.name(), field));
        this.joint = model.copula() == null && model.dependencies().isEmpty() && model.stateCopulas().isEmpty()
                ? null : new JointSampler(model, random);
    }

    public Row next() {
        if (joint != null) {
            return Row.of(joint.next(Map.of(), name -> byName.get(name).sample(random)));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSampler field : fields) {
            values.put(field.model.name(), field.sample(random));
        }
        return Row.of(values);
    }

    /**
     * A row whose {@code given} fields hold their values (a state, an entity's attributes) and whose
     * other fields are drawn conditioned on them where the model can: through the copula and the
     * dependency tables; fields outside both from their marginals. Given fields the model does not
     * know are kept as they are.
     */
    public Row next(Map<String, Object> given) {
        if (joint != null) {
            return Row.of(joint.next(given, name -> byName.get(name).sample(random)));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSampler field : fields) {
            String name = field.model.name();
            values.put(name, given.containsKey(name) ? given.get(name) : field.sample(random));
        }
        given.forEach(values::putIfAbsent);
        return Row.of(values);
    }

    /** One field's sampler, with the categorical alias table built once. */
    private static final class FieldSampler {
        private final FieldModel model;
        private final DiscreteSampler categories;
        private final IdentifierSynthesizer synthesizer;

        FieldSampler(FieldModel model, UniformRandomProvider random) {
            this.model = model;
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
