package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.TimestampFormat;

/**
 * One field's learned marginal: its type, its null rate, and the distribution of its non-null values
 * ({@code numeric} for numbers and timestamps, {@code categorical} for strings, {@code trueRate} for
 * booleans; the others null or 0). A field that was always null has no distribution.
 */
public record FieldModel(
        String name,
        FieldType type,
        TimestampFormat timestampFormat,
        double nullRate,
        NumericMarginal numeric,
        CategoricalMarginal categorical,
        double trueRate) {

    public FieldModel {
        if (type == FieldType.TIMESTAMP && timestampFormat == null) {
            throw new IllegalArgumentException("timestamp field " + name + " needs a format");
        }
        if (nullRate < 0 || nullRate > 1 || trueRate < 0 || trueRate > 1) {
            throw new IllegalArgumentException("rates of field " + name + " must lie in [0, 1]");
        }
    }

    /** True if the model can only give null for this field. */
    public boolean alwaysNull() {
        return nullRate >= 1.0 || (type.isNumeric() && numeric == null) || (type == FieldType.STRING && categorical == null);
    }
}
