package dev.doppel.stats;

import dev.doppel.codec.CollectionPaths;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * How events arrive, in bounded memory: a KLL sketch of the gaps between consecutive events of one
 * partition in event time (milliseconds), their sum and sum of squares (for the mean and the
 * burstiness, exactly), and, per field, how many events carried a value within
 * {@link #TIME_MATCH_MS} of the record timestamp (which field is the event time).
 *
 * <p>Gaps are taken in the order a learner task reads its partition; an event earlier than the one
 * before it (out of order) gives no gap, so the sketch describes the forward pace of each partition.
 * Mergeable like {@link FieldStats}; memory is one KLL sketch plus one counter per field. Not
 * thread-safe.
 */
public final class RateStats {

    /** How close (ms) a field's value must be to the record timestamp to count as its event time. */
    public static final long TIME_MATCH_MS = 1000;

    private KllDoublesSketch gaps;
    private double gapSum;
    private double gapSquares;
    private long lastTimestamp = Long.MIN_VALUE;
    private final Map<String, Long> timeMatches = new LinkedHashMap<>();
    // Observation-time caches only, never serialized: a field's timestamp layout, and fields that are no time.
    private final Map<String, TimestampFormat> formats = new HashMap<>();
    private final Set<String> notTimes = new HashSet<>();

    /** Adds one event of a partition, read in that partition's order. */
    public void observe(Row row, long timestamp) {
        if (lastTimestamp != Long.MIN_VALUE && timestamp >= lastTimestamp) {
            double gap = timestamp - lastTimestamp;
            gaps().update(gap);
            gapSum += gap;
            gapSquares += gap * gap;
        }
        lastTimestamp = Math.max(lastTimestamp, timestamp);
        for (Map.Entry<String, Object> value : row.values().entrySet()) {
            if (CollectionPaths.isDerived(value.getKey())) {
                continue; // an array's length or elements are never the event's time
            }
            Long millis = epochMillis(value.getKey(), value.getValue());
            if (millis != null && Math.abs(millis - timestamp) <= TIME_MATCH_MS) {
                timeMatches.merge(value.getKey(), 1L, Long::sum);
            }
        }
    }

    /** The value as epoch ms if it can be a time: a number, or a string one timestamp layout reads. */
    private Long epochMillis(String field, Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (!(value instanceof String text) || notTimes.contains(field)) {
            return null;
        }
        TimestampFormat format = formats.get(field);
        if (format == null) {
            format = TimestampFormat.detect(text).orElse(null);
            if (format == null) {
                notTimes.add(field); // a text field: do not try every event of it again
                return null;
            }
            formats.put(field, format);
        }
        return format.tryParse(text);
    }

    /** Adds {@code other}'s statistics to these. */
    public void merge(RateStats other) {
        if (other.gaps != null) {
            gaps().merge(other.gaps);
        }
        gapSum += other.gapSum;
        gapSquares += other.gapSquares;
        other.timeMatches.forEach((field, count) -> timeMatches.merge(field, count, Long::sum));
    }

    /** The sketch of inter-arrival gaps in ms, or null if there were none. Do not modify. */
    public KllDoublesSketch gapSketch() {
        return gaps;
    }

    public long gapCount() {
        return gaps == null ? 0 : gaps.getN();
    }

    public double gapSum() {
        return gapSum;
    }

    public double gapSquares() {
        return gapSquares;
    }

    /** Events whose value of each field was within {@link #TIME_MATCH_MS} of the record timestamp. */
    public Map<String, Long> timeMatches() {
        return Collections.unmodifiableMap(timeMatches);
    }

    byte[] gapsBytes() {
        return gaps == null ? null : gaps.toByteArray();
    }

    static RateStats restore(byte[] gaps, double gapSum, double gapSquares, Map<String, Long> timeMatches) {
        RateStats stats = new RateStats();
        stats.gaps = gaps == null ? null : KllDoublesSketch.heapify(Memory.wrap(gaps));
        stats.gapSum = gapSum;
        stats.gapSquares = gapSquares;
        stats.timeMatches.putAll(timeMatches);
        return stats;
    }

    private KllDoublesSketch gaps() {
        if (gaps == null) {
            gaps = KllDoublesSketch.newHeapInstance(FieldStats.KLL_K);
        }
        return gaps;
    }
}
