package dev.doppel.learn;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.Row;
import java.util.Map;

/**
 * A source record's value after decoding: its row and schema, or the reason it could not be read
 * with the bytes it had (for the dead-letter topic). A key that was Avro in the registry's wire
 * format comes as its text and schema ({@code keyText}, {@code keySchema}); other keys leave both
 * null and are read from the record's key bytes.
 * Lives only between the learner's decode step and the steps after it; never serialized.
 */
record Decoded(Row row, String schema, BadRecordException failure, byte[] raw, String keyText, String keySchema,
               Map<String, Object> keyFields) {

    static Decoded of(Row row, String schema) {
        return new Decoded(row, schema, null, null, null, null, null);
    }

    static Decoded failed(BadRecordException failure, byte[] raw) {
        return new Decoded(null, null, failure, raw, null, null, null);
    }

    /**
     * This record with its Avro key read as text, the key's schema (null if kept as text only), and
     * a record key's fields (else null).
     */
    Decoded withKey(String text, String schema, Map<String, Object> fields) {
        return new Decoded(row, this.schema, failure, raw, text, schema, fields);
    }

    /** True if the key was read from Avro: {@link #keyText} is then the key. */
    boolean avroKey() {
        return keyText != null;
    }

    boolean ok() {
        return failure == null;
    }
}
