package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.profile.FieldRole;

/**
 * One field's learned marginal: its type, its null rate, and the distribution of its non-null values
 * ({@code numeric} for numbers and timestamps, {@code categorical} for strings, {@code trueRate} for
 * booleans; the others null or 0). A field that was always null has no distribution.
 *
 * <p>Its {@code role} decides how it is sampled. Fields whose role is
 * {@linkplain FieldRole#synthesized() synthesized} (identifier, entity key, text) carry no numeric or
 * categorical marginal, only an {@link IdentifierShape}: no real value of theirs is in the model.
 *
 * @param role       the part the field plays
 * @param roleReason why it has that role, one line (e.g. "99.8% distinct of 51,920", "set in profile file")
 * @param distinct   estimated distinct non-null values, or -1 if unknown
 * @param decimals   most decimals a real value had (doubles are rounded to it), or -1 if unknown
 * @param min        the exact smallest value (numbers, timestamps as epoch ms), or NaN if not kept
 * @param max        the exact largest value, or NaN if not kept
 * @param shape      how to make up values of a synthesized field, or null
 */
public record FieldModel(
        String name,
        FieldType type,
        TimestampFormat timestampFormat,
        double nullRate,
        NumericMarginal numeric,
        CategoricalMarginal categorical,
        double trueRate,
        FieldRole role,
        String roleReason,
        long distinct,
        int decimals,
        double min,
        double max,
        IdentifierShape shape) {

    public FieldModel {
        if (type == FieldType.TIMESTAMP && timestampFormat == null) {
            throw new IllegalArgumentException("timestamp field " + name + " needs a format");
        }
        if (nullRate < 0 || nullRate > 1 || trueRate < 0 || trueRate > 1) {
            throw new IllegalArgumentException("rates of field " + name + " must lie in [0, 1]");
        }
        if (role == null) {
            role = defaultRole(type);
        }
        if (role.synthesized() && (numeric != null || categorical != null)) {
            throw new IllegalArgumentException(role.label() + " field " + name + " must not carry real values");
        }
        roleReason = roleReason == null ? "" : roleReason;
    }

    /** A field without a profile: the role its type implies, no shape, bounds or precision. */
    public FieldModel(String name, FieldType type, TimestampFormat timestampFormat, double nullRate,
                      NumericMarginal numeric, CategoricalMarginal categorical, double trueRate) {
        this(name, type, timestampFormat, nullRate, numeric, categorical, trueRate, null, "", -1, -1, Double.NaN, Double.NaN, null);
    }

    /** The role a field of {@code type} has when nothing else is known. */
    public static FieldRole defaultRole(FieldType type) {
        return switch (type) {
            case LONG, DOUBLE -> FieldRole.NUMERIC;
            case BOOLEAN -> FieldRole.BOOLEAN;
            case TIMESTAMP -> FieldRole.EVENT_TIME;
            case STRING -> FieldRole.CATEGORICAL;
        };
    }

    /** True if the model can only give null for this field. */
    public boolean alwaysNull() {
        if (nullRate >= 1.0) {
            return true;
        }
        if (role.synthesized()) {
            return shape == null;
        }
        return (type.isNumeric() && numeric == null) || (type == FieldType.STRING && categorical == null);
    }

    /**
     * A sampled number made to fit what was learned: within the exact bounds, and doubles rounded to
     * the learned precision. Samplers that interpolate (a copula, say) call this on every value.
     */
    public double fit(double value) {
        double fitted = value;
        if (!Double.isNaN(min) && fitted < min) {
            fitted = min;
        }
        if (!Double.isNaN(max) && fitted > max) {
            fitted = max;
        }
        if (type == FieldType.DOUBLE && decimals >= 0 && Double.isFinite(fitted)) {
            fitted = java.math.BigDecimal.valueOf(fitted).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
        }
        return fitted;
    }

    /** This field with another role, reason and shape, and without real values if the role is synthesized. */
    public FieldModel withRole(FieldRole newRole, String reason, IdentifierShape newShape) {
        boolean synthesized = newRole.synthesized();
        return new FieldModel(name, type, timestampFormat, nullRate, synthesized ? null : numeric, synthesized ? null : categorical,
                trueRate, newRole, reason, distinct, decimals, synthesized ? Double.NaN : min, synthesized ? Double.NaN : max,
                newShape);
    }
}
