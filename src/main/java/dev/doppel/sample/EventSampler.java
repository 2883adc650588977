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
 * Draws synthetic events from a {@link ModelSnapshot}, each field independently from its learned
 * marginal, in the source's field order. The same model and seed give the same events. Not
 * thread-safe: give each thread its own sampler.
 */
public final class EventSampler {

    private final UniformRandomProvider random;
    private final List<FieldSampler> fields;

    /** A sampler over {@code model} with its own random stream started from {@code seed}. */
    public static EventSampler seeded(ModelSnapshot model, long seed) {
        return new EventSampler(model, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    public EventSampler(ModelSnapshot model, UniformRandomProvider random) {
        this.random = random;
        this.fields = model.fields().stream().map(field -> new FieldSampler(field, random)).toList();
    }

    public Row next() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSampler field : fields) {
            values.put(field.model.name(), field.sample(random));
        }
        return Row.of(values);
    }

    /**
     * A row in which the fields of {@code given} have the given values (a state, an entity's
     * attributes). For now the other fields are drawn as by {@link #next()}, independently of the
     * given ones; the joint model will condition them.
     */
    public Row next(Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>(next().values());
        values.putAll(given);
        return Row.of(values);
    }

    /** One field's sampler, with the categorical alias table built once. */
    private static final class FieldSampler {
        private final FieldModel model;
        private final DiscreteSampler categories;

        FieldSampler(FieldModel model, UniformRandomProvider random) {
            this.model = model;
            CategoricalMarginal categorical = model.categorical();
            // The alias method draws a category in O(1) whatever their number (Vose 1991).
            this.categories = categorical == null ? null : AliasMethodDiscreteSampler.of(random, categorical.weights());
        }

        Object sample(UniformRandomProvider random) {
            if (model.alwaysNull() || (model.nullRate() > 0 && random.nextDouble() < model.nullRate())) {
                return null;
            }
            return switch (model.type()) {
                case LONG -> Math.round(model.numeric().quantile(random.nextDouble()));
                case DOUBLE -> model.numeric().quantile(random.nextDouble());
                case TIMESTAMP -> model.timestampFormat().format(Math.round(model.numeric().quantile(random.nextDouble())));
                case BOOLEAN -> random.nextDouble() < model.trueRate();
                case STRING -> model.categorical().values().get(categories.sample());
            };
        }
    }
}
