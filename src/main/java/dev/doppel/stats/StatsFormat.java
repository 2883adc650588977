package dev.doppel.stats;

import dev.doppel.codec.TimestampFormat;
import dev.doppel.codec.ValueFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The binary format of {@link WindowStats} and {@link TopicStats}: Avro single-object encoding
 * (the two marker bytes {@code C3 01}, the schema's 8-byte fingerprint, then Avro binary) of the
 * records in {@code schemas/window-stats.avsc} and {@code schemas/topic-stats.avsc}. The fingerprint
 * versions the format: a later schema adds itself here and keeps the old one readable.
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
    private static final Schema RATE_STATS = WINDOW_STATS.getField("rate").schema().getTypes().get(1);
    private static final Schema WINDOW_COUNT = TOPIC_STATS.getField("timeline").schema().getElementType();
    private static final BinaryMessageEncoder<GenericRecord> WINDOW_ENCODER = new BinaryMessageEncoder<>(GenericData.get(), WINDOW_STATS);
    private static final BinaryMessageDecoder<GenericRecord> WINDOW_DECODER = new BinaryMessageDecoder<>(GenericData.get(), WINDOW_STATS);
    private static final BinaryMessageEncoder<GenericRecord> TOPIC_ENCODER = new BinaryMessageEncoder<>(GenericData.get(), TOPIC_STATS);
    private static final BinaryMessageDecoder<GenericRecord> TOPIC_DECODER = new BinaryMessageDecoder<>(GenericData.get(), TOPIC_STATS);

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
        record.put("rate", rateRecord(window.rate()));
        return encode(WINDOW_ENCODER, record);
    }

    public static WindowStats windowStatsFromBytes(byte[] bytes) {
        GenericRecord record = decode(WINDOW_DECODER, bytes);
        WindowStats window = new WindowStats((Long) record.get("windowStart"), (Long) record.get("windowEnd"),
                new java.util.LinkedHashMap<>());
        window.restoreCounts((Long) record.get("events"), (Long) record.get("minTimestamp"), (Long) record.get("maxTimestamp"));
        Map<String, FieldStats> fields = window.fieldsForRestore();
        for (FieldStats field : fieldStats(record)) {
            fields.put(field.name(), field);
        }
        Object schema = record.get("valueSchema");
        window.observeSchema(schema == null ? null : schema.toString(), (Long) record.get("valueSchemaTimestamp"));
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
            records.add(record);
        }
        return records;
    }

    private static List<FieldStats> fieldStats(GenericRecord parent) {
        List<FieldStats> fields = new ArrayList<>();
        for (Object item : (List<?>) parent.get("fields")) {
            GenericRecord record = (GenericRecord) item;
            long[] counts = {
                (Long) record.get("count"), (Long) record.get("nulls"), (Long) record.get("longs"),
                (Long) record.get("doubles"), (Long) record.get("booleans"), (Long) record.get("trues"),
                (Long) record.get("texts"), (Long) record.get("timestamps")
            };
            Object format = record.get("timestampFormat");
            fields.add(FieldStats.restore(record.get("name").toString(), counts,
                    format == null ? null : TimestampFormat.valueOf(format.toString()),
                    bytes(record.get("numbers")), bytes(record.get("items"))));
        }
        return fields;
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

    private static byte[] encode(BinaryMessageEncoder<GenericRecord> encoder, GenericRecord record) {
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
