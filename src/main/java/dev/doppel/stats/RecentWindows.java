package dev.doppel.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The newest {@code capacity} panes (first-stage windows) of a topic, each the merge of every
 * partition's report of it: what a model over a horizon of windows is built from. Memory is bounded
 * by the capacity times one {@link WindowStats}. A report of a pane older than every pane kept, once
 * full, is dropped. The counts, fields, rate statistics, row samples and entity statistics of the
 * reports are merged. Not thread-safe.
 */
public final class RecentWindows {

    public static final Schema SCHEMA = StatsFormat.parse(new Schema.Parser(), "/schemas/recent-windows.avsc");
    private static final BinaryMessageEncoder<GenericRecord> ENCODER = new BinaryMessageEncoder<>(GenericData.get(), SCHEMA);
    private static final BinaryMessageDecoder<GenericRecord> DECODER = new BinaryMessageDecoder<>(GenericData.get(), SCHEMA);

    private final int capacity;
    private final TreeMap<Long, WindowStats> panes = new TreeMap<>();

    public RecentWindows(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Merges one pane report in, then drops the oldest panes beyond the capacity. */
    public void add(WindowStats report) {
        WindowStats pane = panes.get(report.windowStart());
        if (pane == null) {
            pane = new WindowStats(report.windowStart(), report.windowEnd(), new LinkedHashMap<>());
            panes.put(report.windowStart(), pane);
        }
        merge(pane, report);
        while (panes.size() > capacity) {
            panes.pollFirstEntry();
        }
    }

    private static void merge(WindowStats pane, WindowStats report) {
        long earlier = pane.events();
        Map<String, FieldStats> fields = pane.fieldsForRestore();
        for (FieldStats field : fields.values()) {
            if (!report.fields().containsKey(field.name()) && !dev.doppel.codec.CollectionPaths.isElement(field.name())) {
                field.observeNulls(report.events());
            }
        }
        for (FieldStats field : report.fields().values()) {
            FieldStats merged = fields.get(field.name());
            if (merged == null) {
                merged = field.copy();
                if (!dev.doppel.codec.CollectionPaths.isElement(field.name())) { // elements: none were seen before
                    merged.observeNulls(earlier);
                }
                fields.put(field.name(), merged);
            } else {
                merged.merge(field);
            }
        }
        pane.restoreCounts(earlier + report.events(), Math.min(pane.minTimestamp(), report.minTimestamp()),
                Math.max(pane.maxTimestamp(), report.maxTimestamp()));
        pane.rate().merge(report.rate());
        pane.reservoir().merge(report.reservoir());
        if (report.sequences() != null) {
            if (pane.sequences() == null) {
                SequenceStats first = report.sequences();
                pane.setSequences(new SequenceStats(first.keyField(), first.configuredStateField(), first.entityGapMs(),
                        new RowReservoir(RowReservoir.WINDOW_CAPACITY, pane.windowStart())));
            }
            pane.sequences().merge(report.sequences());
        }
    }

    /** The panes kept by start, oldest first. */
    public NavigableMap<Long, WindowStats> panes() {
        return Collections.unmodifiableNavigableMap(panes);
    }

    public int capacity() {
        return capacity;
    }

    public static byte[] toBytes(RecentWindows windows) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("capacity", windows.capacity);
        List<ByteBuffer> panes = new ArrayList<>();
        windows.panes.values().forEach(pane -> panes.add(ByteBuffer.wrap(StatsFormat.toBytes(pane))));
        record.put("panes", panes);
        return StatsFormat.encode(ENCODER, record);
    }

    public static RecentWindows fromBytes(byte[] bytes) {
        GenericRecord record;
        try {
            record = DECODER.decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not a doppel recent-windows record: " + e.getMessage(), e);
        }
        RecentWindows windows = new RecentWindows((Integer) record.get("capacity"));
        for (Object item : (List<?>) record.get("panes")) {
            ByteBuffer buffer = ((ByteBuffer) item).duplicate();
            byte[] pane = new byte[buffer.remaining()];
            buffer.get(pane);
            WindowStats stats = StatsFormat.windowStatsFromBytes(pane);
            windows.panes.put(stats.windowStart(), stats);
        }
        return windows;
    }

    /** A Kafka serde, for the learner's state store. */
    public static Serde<RecentWindows> serde() {
        return Serdes.serdeFrom((topic, windows) -> windows == null ? null : toBytes(windows),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }
}
