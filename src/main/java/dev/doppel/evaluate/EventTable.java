package dev.doppel.evaluate;

import dev.doppel.codec.EventFile;
import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of events held in memory for evaluation, read through one set of field types (the real
 * side's, so that both sides are compared as the same columns): numbers and timestamps as doubles
 * (epoch milliseconds; NaN where null or unreadable), strings and booleans as text (null where null).
 */
public final class EventTable {

    private final List<Row> rows;
    private final Map<String, FieldType> types;
    private final Map<String, TimestampFormat> timestampFormats;
    private final Map<String, double[]> numbers = new LinkedHashMap<>();
    private final Map<String, String[]> categories = new LinkedHashMap<>();

    private EventTable(List<Row> rows, Map<String, FieldType> types, Map<String, TimestampFormat> timestampFormats) {
        this.rows = Collections.unmodifiableList(rows);
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        this.timestampFormats = Collections.unmodifiableMap(new LinkedHashMap<>(timestampFormats));
        types.forEach((field, type) -> {
            if (type.isNumeric()) {
                double[] values = new double[rows.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = numeric(rows.get(i).get(field), type, timestampFormats.get(field));
                }
                numbers.put(field, values);
            } else {
                String[] values = new String[rows.size()];
                for (int i = 0; i < values.length; i++) {
                    Object value = rows.get(i).get(field);
                    values[i] = value == null ? null : value.toString();
                }
                categories.put(field, values);
            }
        });
    }

    /** The rows read as the given columns; a field a row lacks is null there. */
    public static EventTable of(List<Row> rows, Map<String, FieldType> types, Map<String, TimestampFormat> timestampFormats) {
        for (Map.Entry<String, FieldType> field : types.entrySet()) {
            if (field.getValue() == FieldType.TIMESTAMP && timestampFormats.get(field.getKey()) == null) {
                throw new IllegalArgumentException("timestamp field " + field.getKey() + " needs its format");
            }
        }
        return new EventTable(new ArrayList<>(rows), types, timestampFormats);
    }

    /**
     * The rows with types inferred from their values, for rows read from a topic (a file has its own
     * inference in {@link dev.doppel.codec.EventFile}): Java types as {@link Row} carries them, and a
     * text field whose every value is a timestamp of one layout is a timestamp.
     */
    public static EventTable inferred(List<Row> rows) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        Map<String, TimestampFormat> formats = new LinkedHashMap<>();
        Map<String, Boolean> allTimestamps = new LinkedHashMap<>();
        for (Row row : rows) {
            row.values().forEach((field, value) -> {
                FieldType seen = value == null ? null : value instanceof Long ? FieldType.LONG
                        : value instanceof Double ? FieldType.DOUBLE : value instanceof Boolean ? FieldType.BOOLEAN : FieldType.STRING;
                FieldType known = types.get(field);
                if (seen == null) {
                    types.putIfAbsent(field, null);
                    return;
                }
                if (known == null) {
                    types.put(field, seen);
                } else if (known != seen) {
                    types.put(field, known == FieldType.LONG && seen == FieldType.DOUBLE
                            || known == FieldType.DOUBLE && seen == FieldType.LONG ? FieldType.DOUBLE : FieldType.STRING);
                }
                if (seen == FieldType.STRING && allTimestamps.getOrDefault(field, true)) {
                    TimestampFormat format = formats.get(field);
                    if (format == null) {
                        format = TimestampFormat.detect(value.toString()).orElse(null);
                        if (format != null) {
                            formats.put(field, format);
                        }
                    }
                    allTimestamps.put(field, format != null && format.tryParse(value.toString()) != null);
                }
            });
        }
        Map<String, FieldType> resolved = new LinkedHashMap<>();
        Map<String, TimestampFormat> timestampFormats = new LinkedHashMap<>();
        types.forEach((field, type) -> {
            if (type == FieldType.STRING && allTimestamps.getOrDefault(field, false)) {
                resolved.put(field, FieldType.TIMESTAMP);
                timestampFormats.put(field, formats.get(field));
            } else {
                resolved.put(field, type == null ? FieldType.STRING : type);
            }
        });
        return of(rows, resolved, timestampFormats);
    }

    /**
     * The first {@code max} rows of {@code file} (0: all), with the file's own column types; lines
     * that cannot be read go to {@code badLines}.
     */
    public static EventTable read(EventFile file, long max, EventFile.BadLineListener badLines) {
        List<Row> rows = new ArrayList<>();
        try {
            file.read(badLines, (row, line) -> {
                if (max > 0 && rows.size() >= max) {
                    throw new Enough();
                }
                rows.add(row);
            });
        } catch (Enough enough) {
            // read as many as asked for
        }
        return new EventTable(rows, file.types(), file.timestampFormats());
    }

    /** Stops reading a file once enough rows are in. */
    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    /** These rows read through {@code other}'s columns, so both sides of a comparison agree. */
    public EventTable as(EventTable other) {
        return new EventTable(new ArrayList<>(rows), other.types, other.timestampFormats);
    }

    /** These rows, at {@code indices}. */
    public EventTable subset(int[] indices) {
        List<Row> chosen = new ArrayList<>(indices.length);
        for (int index : indices) {
            chosen.add(rows.get(index));
        }
        return new EventTable(chosen, types, timestampFormats);
    }

    public int size() {
        return rows.size();
    }

    public List<Row> rows() {
        return rows;
    }

    /** Fields in order, with the type each is read as. */
    public Map<String, FieldType> types() {
        return types;
    }

    public Map<String, TimestampFormat> timestampFormats() {
        return timestampFormats;
    }

    public boolean isNumeric(String field) {
        return numbers.containsKey(field);
    }

    /** A numeric field's values (timestamps as epoch ms), NaN where missing or unreadable. */
    public double[] numbers(String field) {
        double[] values = numbers.get(field);
        if (values == null) {
            throw new IllegalArgumentException(field + " is not a numeric field");
        }
        return values;
    }

    /** A text or boolean field's values, null where missing. */
    public String[] categories(String field) {
        String[] values = categories.get(field);
        if (values == null) {
            throw new IllegalArgumentException(field + " is not a categorical field");
        }
        return values;
    }

    /** Any field's values as text (numbers as they are written), null where missing. */
    public String text(String field, int row) {
        Object value = rows.get(row).get(field);
        return value == null ? null : value.toString();
    }

    /**
     * A value as a key for matching across the two sides: numbers as one canonical text (so that a
     * 5 read as a long and a 5.0 read as a double match), anything else as its text; null where missing.
     */
    public String key(String field, int row) {
        double[] values = numbers.get(field);
        if (values != null) {
            return Double.isNaN(values[row]) ? null : Double.toString(values[row]);
        }
        return categories.get(field)[row];
    }

    private static double numeric(Object value, FieldType type, TimestampFormat format) {
        if (value == null) {
            return Double.NaN;
        }
        if (type == FieldType.TIMESTAMP) {
            if (value instanceof Number number) {
                return number.doubleValue();
            }
            Long millis = format.tryParse(value.toString());
            return millis == null ? Double.NaN : millis;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
