package dev.doppel.sample;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.model.FieldModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading and writing an event's time in its event-time field, in the field's own type: a timestamp
 * in its layout, or epoch milliseconds as a number.
 */
public final class EventTime {

    /** Returned by {@link #of} when the row has no readable time. */
    public static final long NONE = Long.MIN_VALUE;

    private EventTime() {
    }

    /** {@code row} with {@code field} set to {@code epochMillis}, in the field's type. */
    public static Row with(Row row, FieldModel field, long epochMillis) {
        Object value = switch (field.type()) {
            case TIMESTAMP -> field.timestampFormat().format(epochMillis);
            case DOUBLE -> (double) epochMillis;
            default -> epochMillis;
        };
        Map<String, Object> values = new LinkedHashMap<>(row.values());
        values.put(field.name(), value);
        return Row.of(values);
    }

    /** The time in {@code row}'s {@code field}, epoch ms, or {@link #NONE}. */
    public static long of(Row row, FieldModel field) {
        Object value = row.get(field.name());
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && field.type() == FieldType.TIMESTAMP) {
            Long millis = field.timestampFormat().tryParse(text);
            return millis == null ? NONE : millis;
        }
        return NONE;
    }
}
