package dev.doppel.codec;

/**
 * The value type of a field, as seen in the data. Rows carry these Java types: {@code LONG} as
 * {@link Long}, {@code DOUBLE} as {@link Double}, {@code BOOLEAN} as {@link Boolean}, {@code STRING}
 * as {@link String}, and {@code TIMESTAMP} as the original text (a {@link String} that one
 * {@link TimestampFormat} reads), so that the mirror writes times exactly as the source does.
 */
public enum FieldType {
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING,
    TIMESTAMP;

    /** True for the types whose values are ordered numbers (timestamps as epoch milliseconds). */
    public boolean isNumeric() {
        return this == LONG || this == DOUBLE || this == TIMESTAMP;
    }
}
