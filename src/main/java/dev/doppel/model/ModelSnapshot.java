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
 * @param key           the shape of the source's record keys (always synthesized), or null if unknown
 * @param keyField      the synthesized field whose value the source's keys were (the mirror's keys are
 *                      then that field's made-up value), or null
 * @param copula        the dependence between fields as a Gaussian copula, or null (fields independent)
 * @param dependencies  fields sampled together from tables of the combinations the source had
 * @param sequences     how the source's entities live (states, transitions, attributes), or null
 *                      if the learner found no entities with a state field
 * @param rate          the event-time field, windows and inter-arrival gaps
 * @param stateCopulas  a copula per state of the sequences' state field that had enough sampled rows;
 *                      the other states use {@code copula}
 * @param keySchema     the source's newest record-key schema (Avro JSON text) when its keys were Avro
 *                      in the registry's wire format: the mirror's keys are written with it; null for
 *                      text keys
 * @param keyFields     the fields of the source's keys when they were Avro records, in the key
 *                      schema's order; empty otherwise
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
        FieldModel key,
        String keyField,
        GaussianCopula copula,
        List<Dependency> dependencies,
        SequenceModel sequences,
        RateModel rate,
        List<StateCopula> stateCopulas,
        String keySchema,
        List<KeyFieldModel> keyFields) {

    /** A model whose keys, if any, were text. */
    public ModelSnapshot(String sourceTopic, ValueFormat valueFormat, String valueSchema, long builtAt, long windowSizeMs,
                         long windowReports, long events, long firstEvent, long lastEvent, NavigableMap<Long, Long> timeline,
                         List<FieldModel> fields, FieldModel key, String keyField, GaussianCopula copula,
                         List<Dependency> dependencies, SequenceModel sequences, RateModel rate) {
        this(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events, firstEvent, lastEvent,
                timeline, fields, key, keyField, copula, dependencies, sequences, rate, List.of(), null, List.of());
    }

    /** Independent fields, nothing known of record keys, entities or rate (tumbling windows, no event-time field). */
    public ModelSnapshot(String sourceTopic, ValueFormat valueFormat, String valueSchema, long builtAt, long windowSizeMs,
                         long windowReports, long events, long firstEvent, long lastEvent, NavigableMap<Long, Long> timeline,
                         List<FieldModel> fields) {
        this(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events, firstEvent, lastEvent,
                timeline, fields, null, null, null, List.of(), null, RateModel.unknown(windowSizeMs));
    }

    public ModelSnapshot {
        if (valueFormat != ValueFormat.JSON && valueSchema == null) {
            throw new IllegalArgumentException("a model of " + valueFormat + " values needs their schema");
        }
        timeline = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(timeline));
        fields = List.copyOf(fields);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        keyFields = keyFields == null ? List.of() : List.copyOf(keyFields);
        if (rate == null) {
            rate = RateModel.unknown(windowSizeMs);
        }
        stateCopulas = stateCopulas == null ? List.of() : List.copyOf(stateCopulas);
    }

    /** The source's mean event rate over the span it was learned from, events per second. */
    public double meanEventsPerSecond() {
        if (timeline.isEmpty()) {
            return 0;
        }
        long span = timeline.lastKey() + windowSizeMs - timeline.firstKey();
        return events * 1000.0 / span;
    }

    /** This model with {@code newSequences} as its entity sequences. */
    public ModelSnapshot withSequences(SequenceModel newSequences) {
        return new ModelSnapshot(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events,
                firstEvent, lastEvent, timeline, fields, key, keyField, copula, dependencies, newSequences, rate, stateCopulas, keySchema, keyFields);
    }

    /** This model with another joint part: copula (null for none), dependencies and per-state copulas. */
    public ModelSnapshot withJoint(GaussianCopula newCopula, List<Dependency> newDependencies, List<StateCopula> newStateCopulas) {
        return new ModelSnapshot(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events,
                firstEvent, lastEvent, timeline, fields, key, keyField, newCopula, newDependencies, sequences, rate, newStateCopulas,
                keySchema, keyFields);
    }

    /** The copula of {@code state} of the state field, or null if that state has none of its own. */
    public StateCopula stateCopula(String state) {
        for (StateCopula stateCopula : stateCopulas) {
            if (stateCopula.state().equals(state)) {
                return stateCopula;
            }
        }
        return null;
    }

    /** This model with {@code newRate} as its rate part. */
    public ModelSnapshot withRate(RateModel newRate) {
        return new ModelSnapshot(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events,
                firstEvent, lastEvent, timeline, fields, key, keyField, copula, dependencies, sequences, newRate, stateCopulas, keySchema, keyFields);
    }

    /** This model with other field models (other roles, or marginals weighted over a horizon). */
    public ModelSnapshot withFields(List<FieldModel> newFields) {
        return new ModelSnapshot(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events,
                firstEvent, lastEvent, timeline, newFields, key, keyField, copula, dependencies, sequences, rate, stateCopulas, keySchema, keyFields);
    }

    /** This model with {@code newKeySchema} as the schema of its Avro keys (null: text keys). */
    public ModelSnapshot withKeySchema(String newKeySchema) {
        return new ModelSnapshot(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events,
                firstEvent, lastEvent, timeline, fields, key, keyField, copula, dependencies, sequences, rate, stateCopulas, newKeySchema, keyFields);
    }

    /** This model with {@code newKeySchema} as its key schema and {@code newKeyFields} as the fields of its record keys. */
    public ModelSnapshot withKeys(String newKeySchema, List<KeyFieldModel> newKeyFields) {
        return new ModelSnapshot(sourceTopic, valueFormat, valueSchema, builtAt, windowSizeMs, windowReports, events,
                firstEvent, lastEvent, timeline, fields, key, keyField, copula, dependencies, sequences, rate, stateCopulas, newKeySchema, newKeyFields);
    }

    /** True if the source's records had keys: the mirror's records then get fresh ones. */
    public boolean hasKeys() {
        return key != null && !key.alwaysNull();
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
}
