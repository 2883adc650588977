package dev.doppel.sample;

import dev.doppel.model.FieldModel;
import dev.doppel.model.IdentifierShape;
import dev.doppel.model.ModelSnapshot;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Keys for synthetic entities, one per entity and never repeated while the shape has room: made up by
 * an {@link IdentifierSynthesizer} in the learned shape of the entity's key field (or of the record
 * keys), so never a real key. Where the model has no shape for them, {@code syn-<seed>-<n>}, a counter
 * under a prefix. Its random stream is its own, derived from the seed, so drawing keys does not change
 * the events drawn with the same seed. Not thread-safe.
 */
public final class EntityKeys {

    /** Mixed into the seed: keys and events draw from different streams. */
    private static final long KEY_STREAM = 0x656e746974790aL;

    private final IdentifierSynthesizer shaped;
    private final boolean integers;
    private final String prefix;
    private long next;

    private EntityKeys(IdentifierShape shape, boolean integers, long seed) {
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ KEY_STREAM);
        // The source's keys repeat, once per event; a synthetic entity's key must be its own.
        this.shaped = shape == null ? null : new IdentifierSynthesizer(
                new IdentifierShape(shape.patterns(), shape.weights(), shape.distinct(), true, shape.integersFrom()), random);
        this.integers = integers;
        this.prefix = "syn-" + Long.toHexString(seed) + "-";
    }

    /** Keys shaped like {@code keyField}'s values, or like the record keys if {@code keyField} is null. */
    public static EntityKeys of(ModelSnapshot model, String keyField, long seed) {
        FieldModel field = keyField == null ? model.key() : model.field(keyField);
        IdentifierShape shape = field == null ? null : field.shape();
        boolean integers = field != null && field.type().isNumeric() && field.type() != dev.doppel.codec.FieldType.TIMESTAMP
                && (shape == null || shape.integersFrom() != null);
        return new EntityKeys(shape, integers, seed);
    }

    /** The next key: a Long for integer key fields, else a String. */
    public Object next() {
        if (shaped != null) {
            return integers ? (Object) shaped.nextLong() : shaped.next();
        }
        long n = next++;
        return integers ? (Object) n : prefix + n;
    }
}
