package dev.doppel.stats;

import dev.doppel.codec.Row;
import dev.doppel.codec.ValueFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Everything learned so far about one source topic: the merge of every {@link WindowStats} reported
 * by every learner task, and the number of events in each window (the rate timeline).
 *
 * <p>Field statistics are bounded by their sketches; the timeline keeps the newest
 * {@link #MAX_TIMELINE} windows. Merging is commutative, so reports may arrive in any order and from
 * any number of partitions. Not thread-safe.
 */
public final class TopicStats {

    /** Windows kept in the timeline; older ones are dropped first. */
    public static final int MAX_TIMELINE = 10_000;

    private final String sourceTopic;
    private final long windowSizeMs;
    private final ValueFormat valueFormat;
    private final LatestSchema valueSchema = new LatestSchema();
    private final LatestSchema keySchema = new LatestSchema();
    private long windowReports;
    private long events;
    private long minTimestamp = Long.MAX_VALUE;
    private long maxTimestamp = Long.MIN_VALUE;
    private final NavigableMap<Long, Long> timeline = new TreeMap<>();
    private final Map<String, FieldStats> fields = new LinkedHashMap<>();
    private FieldStats key;
    private final Map<String, Long> keyMatches = new LinkedHashMap<>();
    private final Map<String, FieldStats> keyFields = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> keyFieldMatches = new LinkedHashMap<>();
    private RowReservoir reservoir;
    private SequenceStats sequences;
    private RateStats rate = new RateStats();

    public TopicStats(String sourceTopic, long windowSizeMs, ValueFormat valueFormat) {
        this(sourceTopic, windowSizeMs, valueFormat, RowReservoir.TOPIC_CAPACITY);
    }

    /** As above, keeping at most {@code reservoirCapacity} sampled rows for the joint model. */
    public TopicStats(String sourceTopic, long windowSizeMs, ValueFormat valueFormat, int reservoirCapacity) {
        this.sourceTopic = sourceTopic;
        this.windowSizeMs = windowSizeMs;
        this.valueFormat = valueFormat;
        this.reservoir = new RowReservoir(reservoirCapacity, 0);
    }

    /** Statistics of a topic with JSON values. */
    public TopicStats(String sourceTopic, long windowSizeMs) {
        this(sourceTopic, windowSizeMs, ValueFormat.JSON);
    }

    /** Merges one window report in. */
    public void add(WindowStats window) {
        restoreSchema(window.valueSchema(), window.valueSchemaTimestamp());
        restoreKeySchema(window.keySchema(), window.keySchemaTimestamp());
        long earlierEvents = events;
        windowReports++;
        events += window.events();
        minTimestamp = Math.min(minTimestamp, window.minTimestamp());
        maxTimestamp = Math.max(maxTimestamp, window.maxTimestamp());
        window.keyMatches().forEach((field, count) -> keyMatches.merge(field, count, Long::sum));
        if (window.key() != null) {
            if (key == null) {
                key = window.key().copy();
            } else {
                key.merge(window.key());
            }
        }
        restoreKeyFields(window.keyFields(), window.keyFieldMatches());
        reservoir.merge(window.reservoir());
        if (window.events() > 0) { // a report of entity statistics only has no events of its own
            addToTimeline(window.windowStart(), window.events());
        }
        if (window.sequences() != null) {
            mergeSequences(window.sequences());
        }
        rate.merge(window.rate());
        // As within a window, an event without a field is a null for it: every field counts every event.
        for (FieldStats merged : fields.values()) {
            if (!window.fields().containsKey(merged.name()) && !dev.doppel.codec.CollectionPaths.isElement(merged.name())) {
                merged.observeNulls(window.events());
            }
        }
        for (FieldStats field : window.fields().values()) {
            FieldStats merged = fields.get(field.name());
            if (merged == null) {
                merged = field.copy();
                if (!dev.doppel.codec.CollectionPaths.isElement(field.name())) { // elements: none were seen before
                    merged.observeNulls(earlierEvents);
                }
                fields.put(field.name(), merged);
            } else {
                merged.merge(field);
            }
        }
    }

    /** Statistics of the record keys (see {@link WindowStats#observeKey}), or null if none were observed. */
    public FieldStats key() {
        return key;
    }

    void restoreKey(FieldStats key) {
        this.key = key;
    }

    /** Per field, how many records had a key equal to its value (see {@link WindowStats#observeKey(byte[], Row)}). */
    public Map<String, Long> keyMatches() {
        return Collections.unmodifiableMap(keyMatches);
    }

    void restoreKeyMatches(Map<String, Long> matches) {
        keyMatches.putAll(matches);
    }

    /**
     * The field whose value every keyed record (all but at most 1%) had as its key, or null: the
     * source was keyed by that field, e.g. published with {@code --key-field}.
     */
    public String keyField() {
        if (key == null) {
            return null;
        }
        long keyed = key.count() - key.nulls();
        return keyMatches.entrySet().stream()
                .filter(match -> keyed > 0 && match.getValue() >= 0.99 * keyed)
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
    }

    /** Statistics of each field of record keys (see {@link WindowStats#observeKeyFields}); empty if no key was a record. */
    public Map<String, FieldStats> keyFields() {
        return Collections.unmodifiableMap(keyFields);
    }

    /** Per key field, per value field, how many records had the two equal. */
    public Map<String, Map<String, Long>> keyFieldMatches() {
        return Collections.unmodifiableMap(keyFieldMatches);
    }

    /** Merges key field statistics and matches in (copies: the arguments stay untouched). */
    void restoreKeyFields(Map<String, FieldStats> fields, Map<String, Map<String, Long>> matches) {
        for (FieldStats field : fields.values()) {
            FieldStats merged = keyFields.get(field.name());
            if (merged == null) {
                keyFields.put(field.name(), field.copy());
            } else {
                merged.merge(field);
            }
        }
        matches.forEach((keyField, counts) -> counts.forEach((field, count) ->
                keyFieldMatches.computeIfAbsent(keyField, name -> new LinkedHashMap<>()).merge(field, count, Long::sum)));
    }

    /**
     * The value field that the key field {@code keyField} equalled in every record where it had a
     * value (all but at most 1%), or null: as {@link #keyField()} for a whole key.
     */
    public String valueFieldOfKeyField(String keyField) {
        FieldStats stats = keyFields.get(keyField);
        if (stats == null) {
            return null;
        }
        long valued = stats.count() - stats.nulls();
        return keyFieldMatches.getOrDefault(keyField, Map.of()).entrySet().stream()
                .filter(match -> valued > 0 && match.getValue() >= 0.99 * valued)
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
    }

    void addToTimeline(long windowStart, long count) {
        timeline.merge(windowStart, count, Long::sum);
        while (timeline.size() > MAX_TIMELINE) {
            timeline.pollFirstEntry();
        }
    }

    void restoreCounts(long windowReports, long events, long minTimestamp, long maxTimestamp) {
        this.windowReports = windowReports;
        this.events = events;
        this.minTimestamp = minTimestamp;
        this.maxTimestamp = maxTimestamp;
    }

    /** Keeps {@code schema} if it is newer (by record timestamp) than the one kept. */
    void restoreSchema(String schema, long timestamp) {
        valueSchema.observe(schema, timestamp);
    }

    /** Keeps the key schema {@code schema} if it is newer (by record timestamp) than the one kept. */
    void restoreKeySchema(String schema, long timestamp) {
        keySchema.observe(schema, timestamp);
    }

    /** The Avro schema of the latest Avro record key learned (by timestamp), or null if the keys were text. */
    public String keySchema() {
        return keySchema.text();
    }

    public long keySchemaTimestamp() {
        return keySchema.timestamp();
    }

    public ValueFormat valueFormat() {
        return valueFormat;
    }

    /** The schema of the latest record learned (by timestamp), or null for formats without schemas. */
    public String valueSchema() {
        return valueSchema.text();
    }

    public long valueSchemaTimestamp() {
        return valueSchema.timestamp();
    }

    /** A sample of the topic's whole rows (at most {@link RowReservoir#TOPIC_CAPACITY}), for the joint model. */
    public RowReservoir reservoir() {
        return reservoir;
    }

    void restoreReservoir(RowReservoir reservoir) {
        this.reservoir = reservoir;
    }

    void putField(FieldStats field) {
        fields.put(field.name(), field);
    }

    public String sourceTopic() {
        return sourceTopic;
    }

    public long windowSizeMs() {
        return windowSizeMs;
    }

    /** How many window reports were merged in: one per window per learner task. */
    public long windowReports() {
        return windowReports;
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

    /** Events per window start (epoch ms), oldest first. */
    public NavigableMap<Long, Long> timeline() {
        return Collections.unmodifiableNavigableMap(timeline);
    }

    /** Field statistics by field path, in first-seen order. */
    public Map<String, FieldStats> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** Merged entity statistics, or null if no report had any. */
    public SequenceStats sequences() {
        return sequences;
    }

    void mergeSequences(SequenceStats more) {
        if (sequences == null) {
            sequences = new SequenceStats(more.keyField(), more.configuredStateField(), more.entityGapMs(),
                    new RowReservoir(RowReservoir.TOPIC_CAPACITY, 0));
        }
        sequences.merge(more);
    }

    /** Inter-arrival gaps and event-time field matches over everything learned. */
    public RateStats rate() {
        return rate;
    }

    void restoreRate(RateStats rate) {
        this.rate = rate;
    }
}
