package dev.doppel.evaluate;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.TimestampFormat;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * All values of one field in a set of events, kept exactly so that distances between two sets are
 * computed without sketch error: numbers (timestamps as epoch ms) in an array, strings and booleans
 * as counts per value. A value the field's type cannot read counts as unreadable, not as a value.
 */
public final class ColumnSummary {

    private final FieldType type;
    private final TimestampFormat timestampFormat;
    private double[] numbers = new double[1024];
    private int numberCount;
    private boolean sorted = true;
    private final Map<String, Long> categories = new HashMap<>();
    private long count;
    private long nulls;
    private long unreadable;

    public ColumnSummary(FieldType type, TimestampFormat timestampFormat) {
        if (type == FieldType.TIMESTAMP && timestampFormat == null) {
            throw new IllegalArgumentException("a timestamp column needs its format");
        }
        this.type = type;
        this.timestampFormat = timestampFormat;
    }

    public void add(Object value) {
        count++;
        if (value == null) {
            nulls++;
            return;
        }
        switch (type) {
            case LONG, DOUBLE -> {
                if (value instanceof Number number) {
                    addNumber(number.doubleValue());
                } else {
                    unreadable++;
                }
            }
            case TIMESTAMP -> {
                Long epochMillis = timestampFormat.tryParse(value.toString());
                if (epochMillis == null) {
                    unreadable++;
                } else {
                    addNumber(epochMillis);
                }
            }
            case BOOLEAN, STRING -> categories.merge(value.toString(), 1L, Long::sum);
        }
    }

    private void addNumber(double value) {
        if (numberCount == numbers.length) {
            numbers = Arrays.copyOf(numbers, numbers.length * 2);
        }
        numbers[numberCount++] = value;
        sorted = false;
    }

    public FieldType type() {
        return type;
    }

    public TimestampFormat timestampFormat() {
        return timestampFormat;
    }

    /** Values seen, nulls included. */
    public long count() {
        return count;
    }

    public long nulls() {
        return nulls;
    }

    /** Values that did not fit the field's type (a string in a number field, say). */
    public long unreadable() {
        return unreadable;
    }

    public double nullRate() {
        return count == 0 ? 0 : (double) nulls / count;
    }

    /** The numeric values, ascending. */
    public double[] sortedNumbers() {
        if (!sorted) {
            Arrays.sort(numbers, 0, numberCount);
            sorted = true;
        }
        return Arrays.copyOf(numbers, numberCount);
    }

    /** Count per string (or {@code true}/{@code false}) value. */
    public Map<String, Long> categories() {
        return Map.copyOf(categories);
    }

    /** True if this column is compared by the distribution of numbers, false if by category shares. */
    public boolean isNumeric() {
        return type.isNumeric();
    }
}
