package dev.doppel.stats;

import dev.doppel.codec.TimestampFormat;
import dev.doppel.codec.ValueFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The binary format of {@link WindowStats} and {@link TopicStats}: Avro single-object encoding
 * (the two marker bytes {@code C3 01}, the schema's 8-byte fingerprint, then Avro binary) of the
 * records in {@code schemas/window-stats.avsc} and {@code schemas/topic-stats.avsc}. The fingerprint
 * versions the format: a later schema adds itself here and keeps the old one readable.
 *
 * <p>Statistics written before field shapes and distinct counts were added (no {@code distinct},
 * {@code shape}, {@code maxDecimals}, {@code key}) are not readable any more: these records live only
 * in a learner's repartition topic and state store, so a learner of an older doppel starts afresh
 * under a new application id (or after its state is reset).
 */
public final class StatsFormat {

    public static final Schema WINDOW_STATS;
    public static final Schema TOPIC_STATS;

    static {
        Schema.Parser parser = new Schema.Parser();
        WINDOW_STATS = parse(parser, "/schemas/window-stats.avsc");
        TOPIC_STATS = parse(parser, "/schemas/topic-stats.avsc");
    }

    private static final Schema FIELD_STATS = WINDOW_STATS.getField("fields").schema().getElementType();
    private static final Schema KEY_MATCH = WINDOW_STATS.getField("keyMatches").schema().getElementType();
    private static final Schema KEY_FIELD_MATCH = WINDOW_STATS.getField("keyFieldMatches").schema().getElementType();
    private static final Schema SEQUENCE_STATS = WINDOW_STATS.getField("sequences").schema().getTypes().get(1);
    private static final Schema STATE_FIELD_STATS = SEQUENCE_STATS.getField("stateFields").schema().getElementType();
    private static final Schema TRANSITION_COUNT = STATE_FIELD_STATS.getField("transitions").schema().getElementType();
    private static final Schema STATE_SKETCH = STATE_FIELD_STATS.getField("timeToNext").schema().getElementType();
    private static final Schema RATE_STATS = WINDOW_STATS.getField("rate").schema().getTypes().get(1);
    private static final Schema WINDOW_COUNT = TOPIC_STATS.getField("timeline").schema().getElementType();
    private static final Schema RESERVOIR = WINDOW_STATS.getField("reservoir").schema().getTypes().get(1);
    private static final Schema RESERVOIR_ROW = RESERVOIR.getField("rows").schema().getElementType();
    private static final BinaryMessageEncoder<GenericRecord> WINDOW_ENCODER = new BinaryMessageEncoder<>(GenericData.get(), WINDOW_STATS);
    private static final BinaryMessageDecoder<GenericRecord> WINDOW_DECODER = new BinaryMessageDecoder<>(GenericData.get(), WINDOW_STATS);
    private static final BinaryMessageEncoder<GenericRecord> TOPIC_ENCODER = new BinaryMessageEncoder<>(GenericData.get(), TOPIC_STATS);
    private static final BinaryMessageDecoder<GenericRecord> TOPIC_DECODER = new BinaryMessageDecoder<>(GenericData.get(), TOPIC_STATS);

    static {
        // Statistics written before key schemas (schemas/old/*-stats-1.avsc) still read: the fields
        // added since have defaults, so a learner upgraded over its state store carries on.
        Schema.Parser old = new Schema.Parser();
        WINDOW_DECODER.addSchema(parse(old, "/schemas/old/window-stats-1.avsc"));
        TOPIC_DECODER.addSchema(parse(old, "/schemas/old/topic-stats-1.avsc"));
        // Statistics written before the sample of ended entities (schemas/old/*-stats-2.avsc).
        Schema.Parser beforeEndedEntities = new Schema.Parser();
        WINDOW_DECODER.addSchema(parse(beforeEndedEntities, "/schemas/old/window-stats-2.avsc"));
        TOPIC_DECODER.addSchema(parse(beforeEndedEntities, "/schemas/old/topic-stats-2.avsc"));
    }

    private StatsFormat() {
    }

    /** Loads one of doppel's own schemas from the class path, with {@code parser} knowing the ones before it. */
    public static Schema parse(Schema.Parser parser, String resource) {
        try (InputStream in = StatsFormat.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is missing from the class path");
            }
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(WindowStats window) {
        GenericRecord record = new GenericData.Record(WINDOW_STATS);
        record.put("windowStart", window.windowStart());
        record.put("windowEnd", window.windowEnd());
        record.put("events", window.events());
        record.put("minTimestamp", window.minTimestamp());
        record.put("maxTimestamp", window.maxTimestamp());
        record.put("fields", fieldRecords(window.fields()));
        record.put("valueSchema", window.valueSchema());
        record.put("valueSchemaTimestamp", window.valueSchemaTimestamp());
        record.put("key", keyRecord(window.key()));
        record.put("keyMatches", keyMatchRecords(window.keyMatches()));
        record.put("keySchema", window.keySchema());
        record.put("keySchemaTimestamp", window.keySchemaTimestamp());
        record.put("keyFields", fieldRecords(window.keyFields()));
        record.put("keyFieldMatches", keyFieldMatchRecords(window.keyFieldMatches()));
        record.put("reservoir", reservoirRecord(window.reservoir()));
        record.put("sequences", sequenceRecord(window.sequences()));
        record.put("rate", rateRecord(window.rate()));
        return encode(WINDOW_ENCODER, record);
    }

    public static WindowStats windowStatsFromBytes(byte[] bytes) {
        GenericRecord record = decode(WINDOW_DECODER, bytes);
        WindowStats window = new WindowStats((Long) record.get("windowStart"), (Long) record.get("windowEnd"),
                new LinkedHashMap<>());
        window.restoreCounts((Long) record.get("events"), (Long) record.get("minTimestamp"), (Long) record.get("maxTimestamp"));
        Map<String, FieldStats> fields = window.fieldsForRestore();
        for (FieldStats field : fieldStats(record)) {
            fields.put(field.name(), field);
        }
        Object schema = record.get("valueSchema");
        window.observeSchema(schema == null ? null : schema.toString(), (Long) record.get("valueSchemaTimestamp"));
        window.restoreKey(keyStats(record));
        window.restoreKeyMatches(keyMatches(record));
        window.observeKeySchema(text(record.get("keySchema")), (Long) record.get("keySchemaTimestamp"));
        window.restoreKeyFields(keyFieldStats(record), keyFieldMatches(record));
        window.restoreReservoir(reservoir((GenericRecord) record.get("reservoir"), RowReservoir.WINDOW_CAPACITY));
        window.setSequences(sequenceStats((GenericRecord) record.get("sequences")));
        window.restoreRate(rateStats(record.get("rate")));
        return window;
    }

    public static byte[] toBytes(TopicStats topic) {
        GenericRecord record = new GenericData.Record(TOPIC_STATS);
        record.put("sourceTopic", topic.sourceTopic());
        record.put("windowSizeMs", topic.windowSizeMs());
        record.put("windowReports", topic.windowReports());
        record.put("events", topic.events());
        record.put("minTimestamp", topic.minTimestamp());
        record.put("maxTimestamp", topic.maxTimestamp());
        List<GenericRecord> timeline = new ArrayList<>();
        topic.timeline().forEach((start, count) -> {
            GenericRecord window = new GenericData.Record(WINDOW_COUNT);
            window.put("windowStart", start);
            window.put("events", count);
            timeline.add(window);
        });
        record.put("timeline", timeline);
        record.put("fields", fieldRecords(topic.fields()));
        record.put("valueFormat", topic.valueFormat().name());
        record.put("valueSchema", topic.valueSchema());
        record.put("valueSchemaTimestamp", topic.valueSchemaTimestamp());
        record.put("key", keyRecord(topic.key()));
        record.put("keyMatches", keyMatchRecords(topic.keyMatches()));
        record.put("keySchema", topic.keySchema());
        record.put("keySchemaTimestamp", topic.keySchemaTimestamp());
        record.put("keyFields", fieldRecords(topic.keyFields()));
        record.put("keyFieldMatches", keyFieldMatchRecords(topic.keyFieldMatches()));
        record.put("reservoir", reservoirRecord(topic.reservoir()));
        record.put("sequences", sequenceRecord(topic.sequences()));
        record.put("rate", rateRecord(topic.rate()));
        return encode(TOPIC_ENCODER, record);
    }

    public static TopicStats topicStatsFromBytes(byte[] bytes) {
        GenericRecord record = decode(TOPIC_DECODER, bytes);
        TopicStats topic = new TopicStats(record.get("sourceTopic").toString(), (Long) record.get("windowSizeMs"),
                ValueFormat.valueOf(record.get("valueFormat").toString()));
        Object schema = record.get("valueSchema");
        topic.restoreSchema(schema == null ? null : schema.toString(), (Long) record.get("valueSchemaTimestamp"));
        topic.restoreCounts((Long) record.get("windowReports"), (Long) record.get("events"),
                (Long) record.get("minTimestamp"), (Long) record.get("maxTimestamp"));
        for (Object window : (List<?>) record.get("timeline")) {
            GenericRecord count = (GenericRecord) window;
            topic.addToTimeline((Long) count.get("windowStart"), (Long) count.get("events"));
        }
        for (FieldStats field : fieldStats(record)) {
            topic.putField(field);
        }
        topic.restoreKey(keyStats(record));
        topic.restoreKeyMatches(keyMatches(record));
        topic.restoreKeySchema(text(record.get("keySchema")), (Long) record.get("keySchemaTimestamp"));
        topic.restoreKeyFields(keyFieldStats(record), keyFieldMatches(record));
        topic.restoreReservoir(reservoir((GenericRecord) record.get("reservoir"), RowReservoir.TOPIC_CAPACITY));
        SequenceStats sequences = sequenceStats((GenericRecord) record.get("sequences"));
        if (sequences != null) {
            topic.mergeSequences(sequences);
        }
        topic.restoreRate(rateStats(record.get("rate")));
        return topic;
    }

    /** A Kafka serde for window reports, e.g. on the learner's repartition topic. */
    public static Serde<WindowStats> windowStatsSerde() {
        return Serdes.serdeFrom((topic, window) -> window == null ? null : toBytes(window),
                (topic, bytes) -> bytes == null ? null : windowStatsFromBytes(bytes));
    }

    /** A Kafka serde for a topic's accumulated statistics, e.g. in the learner's state store. */
    public static Serde<TopicStats> topicStatsSerde() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null : toBytes(stats),
                (topic, bytes) -> bytes == null ? null : topicStatsFromBytes(bytes));
    }

    private static GenericRecord reservoirRecord(RowReservoir reservoir) {
        GenericRecord record = new GenericData.Record(RESERVOIR);
        record.put("capacity", reservoir.capacity());
        record.put("seed", reservoir.seed());
        record.put("offered", reservoir.offered());
        record.put("threshold", reservoir.threshold());
        // Field paths once for the reservoir, in first-seen order; each row a list of values.
        java.util.LinkedHashMap<String, Integer> fields = new java.util.LinkedHashMap<>();
        List<RowReservoir.Entry> entries = reservoir.entries();
        for (RowReservoir.Entry entry : entries) {
            for (String field : entry.row().values().keySet()) {
                fields.putIfAbsent(field, fields.size());
            }
        }
        List<GenericRecord> rows = new ArrayList<>(entries.size());
        for (RowReservoir.Entry entry : entries) {
            List<Object> values = new ArrayList<>(java.util.Collections.nCopies(fields.size(), null));
            entry.row().values().forEach((field, value) -> values.set(fields.get(field), value));
            GenericRecord row = new GenericData.Record(RESERVOIR_ROW);
            row.put("key", entry.key());
            row.put("values", values);
            rows.add(row);
        }
        record.put("fields", new ArrayList<>(fields.keySet()));
        record.put("rows", rows);
        return record;
    }

    /** The reservoir of a record, or an empty one where the record predates reservoirs. */
    private static RowReservoir reservoir(GenericRecord record, int defaultCapacity) {
        if (record == null) {
            return new RowReservoir(defaultCapacity, 0);
        }
        List<String> fields = new ArrayList<>();
        for (Object field : (List<?>) record.get("fields")) {
            fields.add(field.toString());
        }
        List<RowReservoir.Entry> entries = new ArrayList<>();
        for (Object item : (List<?>) record.get("rows")) {
            GenericRecord row = (GenericRecord) item;
            List<?> list = (List<?>) row.get("values");
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                Object value = list.get(i);
                values.put(fields.get(i), value instanceof CharSequence text ? text.toString() : value);
            }
            entries.add(new RowReservoir.Entry((Double) row.get("key"), dev.doppel.codec.Row.of(values)));
        }
        return RowReservoir.restore((Integer) record.get("capacity"), (Long) record.get("seed"), (Long) record.get("offered"),
                (Double) record.get("threshold"), entries);
    }

    private static List<GenericRecord> fieldRecords(Map<String, FieldStats> fields) {
        List<GenericRecord> records = new ArrayList<>(fields.size());
        for (FieldStats field : fields.values()) {
            GenericRecord record = new GenericData.Record(FIELD_STATS);
            record.put("name", field.name());
            record.put("count", field.count());
            record.put("nulls", field.nulls());
            record.put("longs", field.longs());
            record.put("doubles", field.doubles());
            record.put("booleans", field.booleans());
            record.put("trues", field.trues());
            record.put("texts", field.texts());
            record.put("timestamps", field.timestamps());
            record.put("timestampFormat", field.timestampFormat() == null ? null : field.timestampFormat().name());
            byte[] numbers = field.numbersBytes();
            record.put("numbers", numbers == null ? null : ByteBuffer.wrap(numbers));
            byte[] items = field.itemsBytes();
            record.put("items", items == null ? null : ByteBuffer.wrap(items));
            byte[] distinct = field.distinctBytes();
            record.put("distinct", distinct == null ? null : ByteBuffer.wrap(distinct));
            byte[] shape = field.shapeBytes();
            record.put("shape", shape == null ? null : ByteBuffer.wrap(shape));
            record.put("maxDecimals", field.maxDecimals());
            records.add(record);
        }
        return records;
    }

    private static GenericRecord keyRecord(FieldStats key) {
        return key == null ? null : fieldRecords(Map.of(key.name(), key)).get(0);
    }

    private static List<GenericRecord> keyMatchRecords(Map<String, Long> matches) {
        List<GenericRecord> records = new ArrayList<>();
        matches.forEach((field, count) -> {
            GenericRecord match = new GenericData.Record(KEY_MATCH);
            match.put("field", field);
            match.put("records", count);
            records.add(match);
        });
        return records;
    }

    private static Map<String, Long> keyMatches(GenericRecord parent) {
        Map<String, Long> matches = new java.util.LinkedHashMap<>();
        for (Object item : (List<?>) parent.get("keyMatches")) {
            GenericRecord match = (GenericRecord) item;
            matches.put(match.get("field").toString(), (Long) match.get("records"));
        }
        return matches;
    }

    private static List<GenericRecord> keyFieldMatchRecords(Map<String, Map<String, Long>> matches) {
        List<GenericRecord> records = new ArrayList<>();
        matches.forEach((keyField, counts) -> counts.forEach((field, count) -> {
            GenericRecord match = new GenericData.Record(KEY_FIELD_MATCH);
            match.put("keyField", keyField);
            match.put("field", field);
            match.put("records", count);
            records.add(match);
        }));
        return records;
    }

    private static Map<String, Map<String, Long>> keyFieldMatches(GenericRecord parent) {
        Map<String, Map<String, Long>> matches = new java.util.LinkedHashMap<>();
        for (Object item : (List<?>) parent.get("keyFieldMatches")) {
            GenericRecord match = (GenericRecord) item;
            matches.computeIfAbsent(match.get("keyField").toString(), name -> new java.util.LinkedHashMap<>())
                    .put(match.get("field").toString(), (Long) match.get("records"));
        }
        return matches;
    }

    private static Map<String, FieldStats> keyFieldStats(GenericRecord parent) {
        Map<String, FieldStats> fields = new java.util.LinkedHashMap<>();
        for (Object item : (List<?>) parent.get("keyFields")) {
            FieldStats field = fieldStatsOf((GenericRecord) item);
            fields.put(field.name(), field);
        }
        return fields;
    }

    private static FieldStats keyStats(GenericRecord parent) {
        Object key = parent.get("key");
        return key == null ? null : fieldStatsOf((GenericRecord) key);
    }

    private static List<FieldStats> fieldStats(GenericRecord parent) {
        List<FieldStats> fields = new ArrayList<>();
        for (Object item : (List<?>) parent.get("fields")) {
            fields.add(fieldStatsOf((GenericRecord) item));
        }
        return fields;
    }

    private static FieldStats fieldStatsOf(GenericRecord record) {
        long[] counts = {
            (Long) record.get("count"), (Long) record.get("nulls"), (Long) record.get("longs"),
            (Long) record.get("doubles"), (Long) record.get("booleans"), (Long) record.get("trues"),
            (Long) record.get("texts"), (Long) record.get("timestamps")
        };
        Object format = record.get("timestampFormat");
        return FieldStats.restore(record.get("name").toString(), counts,
                format == null ? null : TimestampFormat.valueOf(format.toString()),
                bytes(record.get("numbers")), bytes(record.get("items")),
                bytes(record.get("distinct")), bytes(record.get("shape")), (Integer) record.get("maxDecimals"));
    }

    private static GenericRecord sequenceRecord(SequenceStats sequences) {
        if (sequences == null) {
            return null;
        }
        GenericRecord record = new GenericData.Record(SEQUENCE_STATS);
        record.put("keyField", sequences.keyField());
        record.put("stateField", sequences.configuredStateField());
        record.put("entityGapMs", sequences.entityGapMs());
        record.put("entityStarts", sequences.entityStarts());
        record.put("entityEnds", sequences.entityEnds());
        record.put("multiEventEntities", sequences.multiEventEntities());
        record.put("endedLifetimeMs", sequences.endedLifetimeMs());
        record.put("eventsPerEntity", sequences.hasEventsPerEntity() ? ByteBuffer.wrap(sequences.eventsPerEntity().toByteArray()) : null);
        record.put("constantFields", new LinkedHashMap<>(sequences.constantFields()));
        record.put("endedEntities", reservoirRecord(sequences.endedEntities()));
        List<GenericRecord> stateFields = new ArrayList<>();
        for (SequenceStats.StateField field : sequences.stateFields().values()) {
            GenericRecord stateField = new GenericData.Record(STATE_FIELD_STATS);
            stateField.put("name", field.name());
            stateField.put("overflowed", field.overflowed());
            stateField.put("pairs", field.pairs());
            stateField.put("changes", field.changes());
            List<GenericRecord> transitions = new ArrayList<>();
            field.transitions().forEach((from, row) -> row.forEach((to, count) -> {
                GenericRecord transition = new GenericData.Record(TRANSITION_COUNT);
                transition.put("from", from);
                transition.put("to", to);
                transition.put("count", count);
                transitions.add(transition);
            }));
            stateField.put("transitions", transitions);
            List<GenericRecord> sketches = new ArrayList<>();
            field.timeToNext().forEach((state, sketch) -> {
                GenericRecord entry = new GenericData.Record(STATE_SKETCH);
                entry.put("state", state);
                entry.put("sketch", ByteBuffer.wrap(sketch.toByteArray()));
                sketches.add(entry);
            });
            stateField.put("timeToNext", sketches);
            stateFields.add(stateField);
        }
        record.put("stateFields", stateFields);
        return record;
    }

    private static SequenceStats sequenceStats(GenericRecord record) {
        if (record == null) {
            return null;
        }
        SequenceStats sequences = new SequenceStats(text(record.get("keyField")), text(record.get("stateField")),
                (Long) record.get("entityGapMs"), reservoir((GenericRecord) record.get("endedEntities"), RowReservoir.WINDOW_CAPACITY));
        Map<String, Long> constantFields = new LinkedHashMap<>();
        ((Map<?, ?>) record.get("constantFields")).forEach((field, count) -> constantFields.put(field.toString(), (Long) count));
        byte[] eventsPerEntity = bytes(record.get("eventsPerEntity"));
        sequences.restore((Long) record.get("entityStarts"), (Long) record.get("entityEnds"), (Long) record.get("multiEventEntities"),
                (Double) record.get("endedLifetimeMs"),
                eventsPerEntity == null ? null : KllDoublesSketch.heapify(
                        Memory.wrap(eventsPerEntity)),
                constantFields);
        for (Object item : (List<?>) record.get("stateFields")) {
            GenericRecord stateRecord = (GenericRecord) item;
            SequenceStats.StateField field = new SequenceStats.StateField(stateRecord.get("name").toString());
            for (Object transition : (List<?>) stateRecord.get("transitions")) {
                GenericRecord count = (GenericRecord) transition;
                field.transitions().computeIfAbsent(text(count.get("from")), s -> new HashMap<>())
                        .put(text(count.get("to")), (Long) count.get("count"));
            }
            for (Object entry : (List<?>) stateRecord.get("timeToNext")) {
                GenericRecord sketch = (GenericRecord) entry;
                field.timeToNext().put(sketch.get("state").toString(), KllDoublesSketch.heapify(
                        Memory.wrap(bytes(sketch.get("sketch")))));
            }
            field.restore((Boolean) stateRecord.get("overflowed"), (Long) stateRecord.get("pairs"), (Long) stateRecord.get("changes"));
            sequences.putStateField(field);
        }
        return sequences;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static GenericRecord rateRecord(RateStats rate) {
        GenericRecord record = new GenericData.Record(RATE_STATS);
        byte[] gaps = rate.gapsBytes();
        record.put("gaps", gaps == null ? null : ByteBuffer.wrap(gaps));
        record.put("gapSum", rate.gapSum());
        record.put("gapSquares", rate.gapSquares());
        record.put("timeMatches", new java.util.LinkedHashMap<>(rate.timeMatches()));
        return record;
    }

    private static RateStats rateStats(Object value) {
        if (value == null) {
            return new RateStats();
        }
        GenericRecord record = (GenericRecord) value;
        Map<String, Long> matches = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) record.get("timeMatches")).forEach((field, count) -> matches.put(field.toString(), (Long) count));
        return RateStats.restore(bytes(record.get("gaps")), (Double) record.get("gapSum"), (Double) record.get("gapSquares"), matches);
    }

    private static byte[] bytes(Object value) {
        if (value == null) {
            return null;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** {@code record} as single-object Avro bytes: the one encoding of doppel's statistics, windows and models. */
    public static byte[] encode(BinaryMessageEncoder<GenericRecord> encoder, GenericRecord record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericRecord decode(BinaryMessageDecoder<GenericRecord> decoder, byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not a doppel statistics record: " + e.getMessage(), e);
        }
    }
}
