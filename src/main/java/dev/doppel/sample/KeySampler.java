package dev.doppel.sample;

import dev.doppel.codec.Row;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import java.nio.charset.StandardCharsets;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Fresh record keys for the mirror in the shape of the source's keys (UTF-8 text), none of them a
 * real key, null as often as the source's were. Its random stream is its own, derived from the seed,
 * so drawing keys does not change the events an {@link EventSampler} with the same seed draws. Not
 * thread-safe.
 */
public final class KeySampler {

    /** Mixed into the seed: keys and values draw from different streams. */
    private static final long KEY_STREAM = 0x6b65795f73747265L;

    private final FieldModel key;
    private final String keyField;
    private final UniformRandomProvider random;
    private final IdentifierSynthesizer synthesizer;

    private KeySampler(FieldModel key, String keyField, UniformRandomProvider random) {
        this.key = key;
        this.keyField = keyField;
        this.random = random;
        this.synthesizer = new IdentifierSynthesizer(key.shape(), random);
    }

    /** A key sampler for {@code model}, or null if the source's records had no keys (the mirror's have none either). */
    public static KeySampler seeded(ModelSnapshot model, long seed) {
        if (!model.hasKeys()) {
            return null;
        }
        return new KeySampler(model.key(), model.keyField(), RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ KEY_STREAM));
    }

    /** The next key as text, or null. */
    public String nextText() {
        if (key.nullRate() > 0 && random.nextDouble() < key.nullRate()) {
            return null;
        }
        return synthesizer.next();
    }

    /**
     * The key of {@code row}: the made-up value of the field the source was keyed by, if there is one
     * and it is not null; else {@link #next()}.
     */
    public byte[] next(Row row) {
        String text = nextText(row);
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** The key of {@code row} as text, as {@link #next(Row)} chooses it; null for no key. */
    public String nextText(Row row) {
        Object value = keyField == null ? null : row.get(keyField);
        return value == null ? nextText() : value.toString();
    }

    /** The next key as UTF-8 bytes, or null. */
    public byte[] next() {
        String text = nextText();
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
