package dev.doppel.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doppel.codec.Row;
import dev.doppel.model.FieldModel;
import dev.doppel.model.KeyFieldModel;
import dev.doppel.model.ModelSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Fresh record keys for the mirror in the shape of the source's keys (as text; record keys as the
 * text of a JSON object with a member per key field), none of them a real key, null as often as the source's were. Its random stream is its own, derived from the seed,
 * so drawing keys does not change the events an {@link EventSampler} with the same seed draws. Not
 * thread-safe.
 */
public final class KeySampler {

    /** Mixed into the seed: keys and values draw from different streams. */
    private static final long KEY_STREAM = 0x6b65795f73747265L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FieldModel key;
    private final String keyField;
    private final UniformRandomProvider random;
    private final IdentifierSynthesizer synthesizer;
    /** The fields of record keys, each with its own synthesizer; empty for keys that are one value. */
    private final List<KeyFieldModel> keyFields;
    private final List<IdentifierSynthesizer> keyFieldSynthesizers = new ArrayList<>();

    private KeySampler(FieldModel key, String keyField, List<KeyFieldModel> keyFields, UniformRandomProvider random) {
        this.key = key;
        this.keyField = keyField;
        this.random = random;
        this.synthesizer = new IdentifierSynthesizer(key.shape(), random);
        this.keyFields = keyFields;
        for (KeyFieldModel field : keyFields) {
            keyFieldSynthesizers.add(new IdentifierSynthesizer(field.model().shape(), random));
        }
    }

    /** A key sampler for {@code model}, or null if the source's records had no keys (the mirror's have none either). */
    public static KeySampler seeded(ModelSnapshot model, long seed) {
        if (!model.hasKeys()) {
            return null;
        }
        return new KeySampler(model.key(), model.keyField(), model.keyFields(), RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ KEY_STREAM));
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
        if (!keyFields.isEmpty()) {
            return nextRecordText(row);
        }
        Object value = keyField == null ? null : row.get(keyField);
        return value == null ? nextText() : value.toString();
    }

    /** The next key as UTF-8 bytes, or null. */
    public byte[] next() {
        String text = nextText();
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A record key as the text of a JSON object with one member per key field: the made-up value of
     * the value field it equalled, else one made up in its own shape; null as often as the source's.
     */
    private String nextRecordText(Row row) {
        if (key.nullRate() > 0 && random.nextDouble() < key.nullRate()) {
            return null;
        }
        ObjectNode object = JSON.createObjectNode();
        for (int i = 0; i < keyFields.size(); i++) {
            KeyFieldModel field = keyFields.get(i);
            Object value = field.valueField() == null ? null : row.get(field.valueField());
            if (value != null) {
                object.put(field.name(), value.toString());
            } else if (field.model().nullRate() > 0 && random.nextDouble() < field.model().nullRate()) {
                object.putNull(field.name());
            } else {
                object.put(field.name(), keyFieldSynthesizers.get(i).next());
            }
        }
        return object.toString();
    }
}
