package dev.doppel.learn;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.Row;

/**
 * A source record's value after decoding: its row and schema, or the reason it could not be read
 * with the bytes it had (for the dead-letter topic).
 * Lives only between the learner's decode step and the steps after it; never serialized.
 */
record Decoded(Row row, String schema, BadRecordException failure, byte[] raw) {

    static Decoded of(Row row, String schema) {
        return new Decoded(row, schema, null, null);
    }

    static Decoded failed(BadRecordException failure, byte[] raw) {
        return new Decoded(null, null, failure, raw);
    }

    boolean ok() {
        return failure == null;
    }
}
