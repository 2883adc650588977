package dev.doppel.model;

import dev.doppel.codec.ValueFormat;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A fitted model of one source topic: what the generator samples from. Built from merged statistics
 * by {@link ModelBuilder}, written and read by {@link ModelFormat}. Immutable.
 *
 * @param sourceTopic   the topic it was learned from
 * @param valueFormat   how the source's values are encoded; the mirror is written the same way
 * @param valueSchema   the source's newest value schema (Avro JSON text), or null for JSON
 * @param builtAt       when it was built, epoch ms
 * @param windowSizeMs  the learner's window size
 * @param windowReports how many window reports (window x learner task) it merges
 * @param events        source events it was learned from
 * @param firstEvent    earliest source record timestamp, epoch ms
 * @param lastEvent     latest source record timestamp, epoch ms
 * @param timeline      source events per window start, oldest first
 * @param fields        per-field marginals, in the source's field order
 * @param rate          the event-time field, windows and inter-arrival gaps
 */
public record ModelSnapshot(
        String sourceTopic,
        ValueFormat valueFormat,
        String valueSchema,
        long builtAt,
        long windowSizeMs,
        long windowReports,
        long events,
        long firstEvent,
        long lastEvent,
        NavigableMap<Long, Long> timeline,
        List<FieldModel> fields,
        RateModel rate) {

    /** A model without rate statistics: tumbling windows, no event-time field. */
    public ModelSnapshot(String sourceTopic, ValueFormat valueFormat, String valueSchema, long builtAt, long windowSizeMs,
                         long windowReports, long events, long firstEvent, long lastEvent, NavigableMap<Long, Long> timeline,
                         List<FieldModel> fields) {
        this(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events, firstEvent, lastEvent,
                timeline, fields, RateModel.unknown(windowSizeMs));
    }

    public ModelSnapshot {
        if (valueFormat != ValueFormat.JSON && valueSchema == null) {
            throw new IllegalArgumentException("a model of " + valueFormat + " values needs their schema");
        }
        timeline = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(timeline));
        fields = List.copyOf(fields);
        if (rate == null) {
            rate = RateModel.unknown(windowSizeMs);
        }
    }

    /** The source's mean event rate over the span it was learned from, events per second. */
    public double meanEventsPerSecond() {
        if (timeline.isEmpty()) {
            return 0;
        }
        long span = timeline.lastKey() + windowSizeMs - timeline.firstKey();
        return events * 1000.0 / span;
    }

    /** The field named {@code name}, or null. */
    public FieldModel field(String name) {
        for (FieldModel field : fields) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        return null;
    }

    /** This model with other field marginals (the same fields, e.g. weighted over a horizon). */
    public ModelSnapshot withFields(List<FieldModel> newFields) {
        return new ModelSnapshot(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events,
                firstEvent, lastEvent, timeline, newFields, rate);
    }
}
