package dev.doppel.stats;

import dev.doppel.codec.Row;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one learner task saw in one event-time window: the event count, the time span, and
 * {@link FieldStats} per field in first-seen order. Mergeable with another report of the same window.
 * Not thread-safe.
 */
public final class WindowStats {

    private final long windowStart;
    private final long windowEnd;
    private long events;
    private long minTimestamp = Long.MAX_VALUE;
    private long maxTimestamp = Long.MIN_VALUE;
    private final Map<String, FieldStats> fields;
    private final LatestSchema valueSchema = new LatestSchema();
    private RateStats rate = new RateStats();

    public WindowStats(long windowStart, long windowEnd) {
        this(windowStart, windowEnd, new LinkedHashMap<>());
    }

    WindowStats(long windowStart, long windowEnd, Map<String, FieldStats> fields) {
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException("window end " + windowEnd + " must be after its start " + windowStart);
        }
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.fields = fields;
    }

    /** Adds one event with record timestamp {@code timestamp}; fields missing from it count as null. */
    public void observe(Row row, long timestamp) {
        events++;
        minTimestamp = Math.min(minTimestamp, timestamp);
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        rate.observe(row, timestamp);
        for (Map.Entry<String, Object> value : row.values().entrySet()) {
            fields.computeIfAbsent(value.getKey(), this::newField).observe(value.getValue());
        }
        if (fields.size() > row.values().size()) {
            for (FieldStats field : fields.values()) {
                if (!row.values().containsKey(field.name())) {
                    field.observe(null);
                }
            }
        }
    }

    /** Notes the schema a record of this window was written with; the latest record's schema wins. */
    public void observeSchema(String schemaText, long timestamp) {
        valueSchema.observe(schemaText, timestamp);
    }

    /** The schema of the window's latest record, or null for formats without schemas. */
    public String valueSchema() {
        return valueSchema.text();
    }

    public long valueSchemaTimestamp() {
        return valueSchema.timestamp();
    }

    /** A field first seen now was null in every earlier event of this window. */
    private FieldStats newField(String name) {
        FieldStats field = new FieldStats(name);
        field.observeNulls(events - 1);
        return field;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public long events() {
        return events;
    }

    public long minTimestamp() {
        return minTimestamp;
    }

    public long maxTimestamp() {
        return maxTimestamp;
    }

    /** Field statistics by field path, in first-seen order. */
    public Map<String, FieldStats> fields() {
        return Collections.unmodifiableMap(fields);
    }

    Map<String, FieldStats> fieldsForRestore() {
        return fields;
    }

    void restoreCounts(long events, long minTimestamp, long maxTimestamp) {
        this.events = events;
        this.minTimestamp = minTimestamp;
        this.maxTimestamp = maxTimestamp;
    }

    /** Inter-arrival gaps and event-time field matches of this window's events. */
    public RateStats rate() {
        return rate;
    }

    void restoreRate(RateStats rate) {
        this.rate = rate;
    }
}
