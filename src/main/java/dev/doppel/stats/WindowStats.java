package dev.doppel.stats;

import dev.doppel.codec.CollectionPaths;
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
    private final LatestSchema keySchema = new LatestSchema();
    private FieldStats key;
    /** Per field, how many records had a key equal to the field's value (as text). */
    private final Map<String, Long> keyMatches = new LinkedHashMap<>();
    /** Per field of record keys (Avro records), its statistics as text. */
    private final Map<String, FieldStats> keyFields = new LinkedHashMap<>();
    /** Per key field, per value field, how many records had the two equal (as text). */
    private final Map<String, Map<String, Long>> keyFieldMatches = new LinkedHashMap<>();
    private RowReservoir reservoir;
    private SequenceStats sequences;
    private RateStats rate = new RateStats();

    public WindowStats(long windowStart, long windowEnd) {
        this(windowStart, windowEnd, windowStart);
    }

    /**
     * An empty window whose row reservoir draws its keys from {@code reservoirSeed}: learner tasks of
     * the same window must use different seeds, or their samples would not be independent.
     */
    public WindowStats(long windowStart, long windowEnd, long reservoirSeed) {
        this(windowStart, windowEnd, reservoirSeed, RowReservoir.WINDOW_CAPACITY);
    }

    /** As above, keeping at most {@code reservoirCapacity} rows. */
    public WindowStats(long windowStart, long windowEnd, long reservoirSeed, int reservoirCapacity) {
        this(windowStart, windowEnd, new LinkedHashMap<>());
        this.reservoir = new RowReservoir(reservoirCapacity, reservoirSeed);
    }

    WindowStats(long windowStart, long windowEnd, Map<String, FieldStats> fields) {
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException("window end " + windowEnd + " must be after its start " + windowStart);
        }
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.fields = fields;
    }

    /**
     * Adds one event with record timestamp {@code timestamp}; fields missing from it count as null.
     * The element paths of arrays and maps ({@link CollectionPaths}) are observed once per element; a
     * missing one had no elements. The row reservoir takes the row without them: the joint model
     * leaves arrays and maps out.
     */
    public void observe(Row row, long timestamp) {
        events++;
        boolean collections = false;
        for (String path : row.values().keySet()) {
            if (CollectionPaths.isDerived(path)) {
                collections = true;
                break;
            }
        }
        reservoir().offer(collections ? withoutCollections(row) : row);
        minTimestamp = Math.min(minTimestamp, timestamp);
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        rate.observe(row, timestamp);
        for (Map.Entry<String, Object> value : row.values().entrySet()) {
            fields.computeIfAbsent(value.getKey(), this::newField).observe(value.getValue());
        }
        if (fields.size() > row.values().size()) {
            for (FieldStats field : fields.values()) {
                if (!row.values().containsKey(field.name()) && !CollectionPaths.isElement(field.name())) {
                    field.observe(null);
                }
            }
        }
    }

    private static Row withoutCollections(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        row.values().forEach((path, value) -> {
            if (!CollectionPaths.isDerived(path)) {
                values.put(path, value);
            }
        });
        return Row.of(values);
    }

    /**
     * Adds one record key (null for a record without one) to the key statistics, as text: UTF-8
     * when the bytes are UTF-8, hex otherwise. Only its shape and distinct count reach the model.
     */
    public void observeKey(byte[] key) {
        keyForUpdate().observe(key == null ? null : KeyText.of(key));
    }

    /**
     * Adds one record's key like {@link #observeKey(byte[])}, and notes which of the row's fields it
     * equals, so that the mirror's keys can follow the field they were taken from.
     */
    public void observeKey(byte[] key, Row row) {
        observeKeyText(key == null ? null : KeyText.of(key), row);
    }

    /**
     * Adds one record's key already read as text (an Avro key's string or number, see
     * {@code codec.avro.RegistryKeyCodec}) like {@link #observeKey(byte[], Row)}; null for no key.
     */
    public void observeKeyText(String text, Row row) {
        keyForUpdate().observe(text);
        if (text != null) {
            for (Map.Entry<String, Object> value : row.values().entrySet()) {
                if (value.getValue() != null && !(value.getValue() instanceof java.util.List) && text.equals(value.getValue().toString())) {
                    keyMatches.merge(value.getKey(), 1L, Long::sum);
                }
            }
        }
    }

    /**
     * Adds the fields of one record key that is an Avro record (field name to value, in the key
     * schema's order), as text, and notes which of the row's fields each equals, so that the mirror's
     * key fields can follow the value fields they were taken from. The key as a whole goes to
     * {@link #observeKeyText} as well.
     */
    public void observeKeyFields(Map<String, Object> fields, Row row) {
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String text = field.getValue() == null ? null : field.getValue().toString();
            keyFields.computeIfAbsent(field.getKey(), FieldStats::new).observe(text);
            if (text == null) {
                continue;
            }
            for (Map.Entry<String, Object> value : row.values().entrySet()) {
                if (value.getValue() != null && text.equals(value.getValue().toString())) {
                    keyFieldMatches.computeIfAbsent(field.getKey(), name -> new LinkedHashMap<>()).merge(value.getKey(), 1L, Long::sum);
                }
            }
        }
    }

    /** Statistics of each field of record keys, by key field, in first-seen order; empty if no key was a record. */
    public Map<String, FieldStats> keyFields() {
        return Collections.unmodifiableMap(keyFields);
    }

    /** Per key field, per value field, how many records had the two equal. */
    public Map<String, Map<String, Long>> keyFieldMatches() {
        return Collections.unmodifiableMap(keyFieldMatches);
    }

    void restoreKeyFields(Map<String, FieldStats> fields, Map<String, Map<String, Long>> matches) {
        keyFields.putAll(fields);
        keyFieldMatches.putAll(matches);
    }

    /** Per field, how many records had a key equal to its value. */
    public Map<String, Long> keyMatches() {
        return Collections.unmodifiableMap(keyMatches);
    }

    void restoreKeyMatches(Map<String, Long> matches) {
        keyMatches.putAll(matches);
    }

    /** Statistics of the record keys, or null if no key was observed. */
    public FieldStats key() {
        return key;
    }

    void restoreKey(FieldStats key) {
        this.key = key;
    }

    private FieldStats keyForUpdate() {
        if (key == null) {
            key = new FieldStats(KeyText.FIELD_NAME);
        }
        return key;
    }

    /** Notes the schema a record of this window was written with; the latest record's schema wins. */
    public void observeSchema(String schemaText, long timestamp) {
        valueSchema.observe(schemaText, timestamp);
    }

    /** Notes the Avro schema a record's key was written with (null: a text key); the latest record's wins. */
    public void observeKeySchema(String schemaText, long timestamp) {
        keySchema.observe(schemaText, timestamp);
    }

    /** The Avro schema of the window's latest Avro key, or null if no key was Avro. */
    public String keySchema() {
        return keySchema.text();
    }

    public long keySchemaTimestamp() {
        return keySchema.timestamp();
    }

    /** The schema of the window's latest record, or null for formats without schemas. */
    public String valueSchema() {
        return valueSchema.text();
    }

    public long valueSchemaTimestamp() {
        return valueSchema.timestamp();
    }

    /** A field first seen now was null in every earlier event of this window (elements: there were none). */
    private FieldStats newField(String name) {
        FieldStats field = new FieldStats(name);
        if (!CollectionPaths.isElement(name)) {
            field.observeNulls(events - 1);
        }
        return field;
    }

    /** A sample of the window's whole rows, for the joint model. */
    public RowReservoir reservoir() {
        if (reservoir == null) {
            reservoir = new RowReservoir(RowReservoir.WINDOW_CAPACITY, windowStart);
        }
        return reservoir;
    }

    void restoreReservoir(RowReservoir reservoir) {
        this.reservoir = reservoir;
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

    /** Entity statistics of the window (from the learner's per-key stage), or null. */
    public SequenceStats sequences() {
        return sequences;
    }

    public void setSequences(SequenceStats sequences) {
        this.sequences = sequences;
    }

    /** Inter-arrival gaps and event-time field matches of this window's events. */
    public RateStats rate() {
        return rate;
    }

    void restoreRate(RateStats rate) {
        this.rate = rate;
    }
}
