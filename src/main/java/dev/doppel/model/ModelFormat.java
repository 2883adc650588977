package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.codec.ValueFormat;
import dev.doppel.errors.BadInputException;
import dev.doppel.profile.FieldRole;
import dev.doppel.stats.StatsFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * The binary format of a {@link ModelSnapshot}: Avro single-object encoding of
 * {@code schemas/model-snapshot.avsc}. The same bytes go to the model topic and to model files.
 */
public final class ModelFormat {

    public static final Schema SCHEMA = StatsFormat.parse(new Schema.Parser(), "/schemas/model-snapshot.avsc");

    private static final Schema TIMELINE_ENTRY = SCHEMA.getField("timeline").schema().getElementType();
    private static final Schema FIELD = SCHEMA.getField("fields").schema().getElementType();
    private static final Schema TYPE = FIELD.getField("type").schema();
    private static final Schema NUMERIC = FIELD.getField("numeric").schema().getTypes().get(1);
    private static final Schema CATEGORICAL = FIELD.getField("categorical").schema().getTypes().get(1);
    private static final Schema SHAPE = FIELD.getField("shape").schema().getTypes().get(1);
    private static final Schema PATTERN = SHAPE.getField("patterns").schema().getElementType();
    private static final Schema SEQUENCES = SCHEMA.getField("sequences").schema().getTypes().get(1);
    private static final Schema RATE = SCHEMA.getField("rate").schema().getTypes().get(1);
    private static final Schema KEY_FIELD = SCHEMA.getField("keyFields").schema().getElementType();
    private static final BinaryMessageEncoder<GenericRecord> ENCODER = new BinaryMessageEncoder<>(GenericData.get(), SCHEMA);
    private static final BinaryMessageDecoder<GenericRecord> DECODER = new BinaryMessageDecoder<>(GenericData.get(), SCHEMA);
    private static final Schema COPULA = SCHEMA.getField("copula").schema().getTypes().get(1);
    private static final Schema ENTITY_COPULA = SEQUENCES.getField("entityCopula").schema().getTypes().get(1);
    private static final Schema STATE_COPULA = SCHEMA.getField("stateCopulas").schema().getTypes().get(1).getElementType();
    private static final Schema DEPENDENCY = SCHEMA.getField("dependencies").schema().getTypes().get(1).getElementType();
    private static final Schema DEPENDENCY_KIND = DEPENDENCY.getField("kind").schema();
    private static final Schema COMBINATION = DEPENDENCY.getField("combinations").schema().getElementType();

    static {
        // Snapshots written before field roles (schemas/old/model-snapshot-1.avsc) still read: every
        // field added since has a default, so their fields get the role their type implies.
        DECODER.addSchema(StatsFormat.parse(new Schema.Parser(), "/schemas/old/model-snapshot-1.avsc"));
        // Snapshots written before key schemas (schemas/old/model-snapshot-2.avsc) have text keys.
        DECODER.addSchema(StatsFormat.parse(new Schema.Parser(), "/schemas/old/model-snapshot-2.avsc"));
        // Snapshots written before entity copulas (schemas/old/model-snapshot-3.avsc) draw attributes per entity.
        DECODER.addSchema(StatsFormat.parse(new Schema.Parser(), "/schemas/old/model-snapshot-3.avsc"));
    }

    private ModelFormat() {
    }

    public static byte[] toBytes(ModelSnapshot model) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("sourceTopic", model.sourceTopic());
        record.put("valueFormat", model.valueFormat().name());
        record.put("valueSchema", model.valueSchema());
        record.put("builtAt", model.builtAt());
        record.put("windowSizeMs", model.windowSizeMs());
        record.put("windowReports", model.windowReports());
        record.put("events", model.events());
        record.put("firstEvent", model.firstEvent());
        record.put("lastEvent", model.lastEvent());
        List<GenericRecord> timeline = new ArrayList<>();
        model.timeline().forEach((start, count) -> {
            GenericRecord entry = new GenericData.Record(TIMELINE_ENTRY);
            entry.put("windowStart", start);
            entry.put("events", count);
            timeline.add(entry);
        });
        record.put("timeline", timeline);
        List<GenericRecord> fields = new ArrayList<>();
        for (FieldModel field : model.fields()) {
            fields.add(fieldRecord(field));
        }
        record.put("fields", fields);
        record.put("key", model.key() == null ? null : fieldRecord(model.key()));
        record.put("keyField", model.keyField());
        record.put("copula", copulaRecord(model.copula()));
        record.put("dependencies", model.dependencies().isEmpty() ? null
                : model.dependencies().stream().map(ModelFormat::dependencyRecord).toList());
        record.put("sequences", sequenceRecord(model.sequences()));
        record.put("rate", rateRecord(model.rate()));
        record.put("stateCopulas", model.stateCopulas().isEmpty() ? null
                : model.stateCopulas().stream().map(ModelFormat::stateCopulaRecord).toList());
        record.put("keySchema", model.keySchema());
        List<GenericRecord> keyFields = new ArrayList<>();
        for (KeyFieldModel keyField : model.keyFields()) {
            GenericRecord item = new GenericData.Record(KEY_FIELD);
            item.put("model", fieldRecord(keyField.model()));
            item.put("valueField", keyField.valueField());
            keyFields.add(item);
        }
        record.put("keyFields", keyFields);
        return StatsFormat.encode(ENCODER, record);
    }

    /**
     * Reads a snapshot.
     *
     * @throws BadInputException if the bytes are not a doppel model snapshot
     */
    public static ModelSnapshot fromBytes(byte[] bytes) {
        GenericRecord record;
        try {
            record = DECODER.decode(bytes);
        } catch (IOException | RuntimeException e) {
            // Not only AvroRuntimeException: a corrupt length, say, fails in Avro's limit checks with
            // UnsupportedOperationException.
            throw new BadInputException("not a doppel model snapshot: " + e.getMessage(), e);
        }
        try {
            return snapshot(record);
        } catch (IllegalArgumentException e) {
            // Avro-valid bytes whose values no model has (a rate above 1, weights out of order).
            throw new BadInputException("not a valid doppel model snapshot: " + e.getMessage(), e);
        }
    }

    private static ModelSnapshot snapshot(GenericRecord record) {
        TreeMap<Long, Long> timeline = new TreeMap<>();
        for (Object item : (List<?>) record.get("timeline")) {
            GenericRecord entry = (GenericRecord) item;
            timeline.put((Long) entry.get("windowStart"), (Long) entry.get("events"));
        }
        List<FieldModel> fields = new ArrayList<>();
        for (Object item : (List<?>) record.get("fields")) {
            fields.add(fieldModel((GenericRecord) item));
        }
        Object valueSchema = record.get("valueSchema");
        Object key = record.get("key");
        Object keyField = record.get("keyField");
        return new ModelSnapshot(record.get("sourceTopic").toString(), ValueFormat.valueOf(record.get("valueFormat").toString()),
                valueSchema == null ? null : valueSchema.toString(), (Long) record.get("builtAt"),
                (Long) record.get("windowSizeMs"), (Long) record.get("windowReports"), (Long) record.get("events"),
                (Long) record.get("firstEvent"), (Long) record.get("lastEvent"), timeline, fields,
                key == null ? null : fieldModel((GenericRecord) key), keyField == null ? null : keyField.toString(),
                copula((GenericRecord) record.get("copula")), dependencies((List<?>) record.get("dependencies")),
                sequenceModel((GenericRecord) record.get("sequences")),
                rateModel((GenericRecord) record.get("rate"), (Long) record.get("windowSizeMs")),
                stateCopulas((List<?>) record.get("stateCopulas")),
                record.get("keySchema") == null ? null : record.get("keySchema").toString(), keyFields((List<?>) record.get("keyFields")));
    }

    private static List<KeyFieldModel> keyFields(List<?> items) {
        List<KeyFieldModel> keyFields = new ArrayList<>();
        for (Object item : items) {
            GenericRecord keyField = (GenericRecord) item;
            Object valueField = keyField.get("valueField");
            keyFields.add(new KeyFieldModel(fieldModel((GenericRecord) keyField.get("model")), valueField == null ? null : valueField.toString()));
        }
        return keyFields;
    }

    private static GenericRecord copulaRecord(GaussianCopula copula) {
        if (copula == null) {
            return null;
        }
        GenericRecord record = new GenericData.Record(COPULA);
        record.put("fields", copula.fields());
        record.put("correlation", flat(copula.correlation()));
        record.put("rows", copula.rows());
        return record;
    }

    private static GaussianCopula copula(GenericRecord record) {
        if (record == null) {
            return null;
        }
        List<String> fields = strings(record.get("fields"));
        return new GaussianCopula(fields, matrix(doubles(record.get("correlation")), fields.size()), (Long) record.get("rows"));
    }

    private static List<Double> flat(double[][] matrix) {
        List<Double> flat = new ArrayList<>();
        for (double[] row : matrix) {
            flat.addAll(doubles(row));
        }
        return flat;
    }

    private static double[][] matrix(double[] flat, int d) {
        if (flat.length != d * d) {
            throw new IllegalArgumentException("a copula of " + d + " fields needs " + d * d + " correlations, not " + flat.length);
        }
        double[][] matrix = new double[d][];
        for (int i = 0; i < d; i++) {
            matrix[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return matrix;
    }

    private static GenericRecord stateCopulaRecord(StateCopula copula) {
        GenericRecord record = new GenericData.Record(STATE_COPULA);
        record.put("stateField", copula.stateField());
        record.put("state", copula.state());
        record.put("fields", copula.fields());
        record.put("scoreQuantiles", rows(copula.scoreQuantiles()));
        record.put("correlation", flat(copula.correlation()));
        record.put("rows", copula.rows());
        return record;
    }

    private static List<StateCopula> stateCopulas(List<?> records) {
        List<StateCopula> copulas = new ArrayList<>();
        if (records != null) {
            for (Object item : records) {
                GenericRecord record = (GenericRecord) item;
                List<String> fields = strings(record.get("fields"));
                copulas.add(new StateCopula(record.get("stateField").toString(), record.get("state").toString(), fields,
                        rows((List<?>) record.get("scoreQuantiles")),
                        matrix(doubles(record.get("correlation")), fields.size()), (Long) record.get("rows")));
            }
        }
        return copulas;
    }

    private static GenericRecord dependencyRecord(Dependency dependency) {
        GenericRecord record = new GenericData.Record(DEPENDENCY);
        record.put("kind", new GenericData.EnumSymbol(DEPENDENCY_KIND, dependency.kind().name()));
        record.put("determinants", dependency.determinants());
        record.put("dependents", dependency.dependents());
        record.put("strength", dependency.strength());
        List<GenericRecord> combinations = new ArrayList<>();
        for (Dependency.Combination combination : dependency.combinations()) {
            GenericRecord entry = new GenericData.Record(COMBINATION);
            entry.put("values", combination.values());
            entry.put("count", combination.count());
            combinations.add(entry);
        }
        record.put("combinations", combinations);
        return record;
    }

    private static List<Dependency> dependencies(List<?> records) {
        if (records == null) {
            return List.of();
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (Object item : records) {
            GenericRecord record = (GenericRecord) item;
            List<Dependency.Combination> combinations = new ArrayList<>();
            for (Object entry : (List<?>) record.get("combinations")) {
                GenericRecord combination = (GenericRecord) entry;
                List<Object> values = new ArrayList<>();
                for (Object value : (List<?>) combination.get("values")) {
                    values.add(value instanceof CharSequence text ? text.toString() : value);
                }
                combinations.add(new Dependency.Combination(values, (Long) combination.get("count")));
            }
            dependencies.add(new Dependency(Dependency.Kind.valueOf(record.get("kind").toString()), strings(record.get("determinants")),
                    strings(record.get("dependents")), (Double) record.get("strength"), combinations));
        }
        return dependencies;
    }

    private static List<String> strings(Object list) {
        List<String> strings = new ArrayList<>();
        for (Object item : (List<?>) list) {
            strings.add(item.toString());
        }
        return strings;
    }

    private static GenericRecord rateRecord(RateModel rate) {
        GenericRecord record = new GenericData.Record(RATE);
        record.put("timeField", rate.timeField());
        record.put("windowMs", rate.windowMs());
        record.put("advanceMs", rate.advanceMs());
        record.put("horizon", rate.horizon());
        record.put("gaps", numericRecord(rate.gaps()));
        record.put("meanGapMs", rate.meanGapMs());
        record.put("burstiness", rate.burstiness());
        return record;
    }

    private static RateModel rateModel(GenericRecord record, long windowSizeMs) {
        if (record == null) {
            return RateModel.unknown(windowSizeMs);
        }
        Object timeField = record.get("timeField");
        return new RateModel(timeField == null ? null : timeField.toString(), (Long) record.get("windowMs"),
                (Long) record.get("advanceMs"), (Integer) record.get("horizon"), numericMarginal((GenericRecord) record.get("gaps")),
                (Double) record.get("meanGapMs"), (Double) record.get("burstiness"));
    }

    public static void write(ModelSnapshot model, Path file) {
        try {
            Files.write(file, toBytes(model));
        } catch (IOException e) {
            throw new BadInputException("cannot write model file " + file + ": " + e.getMessage(), e);
        }
    }

    public static ModelSnapshot read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("model file not found: " + file);
        }
        try {
            return fromBytes(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BadInputException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static GenericRecord fieldRecord(FieldModel field) {
        GenericRecord record = new GenericData.Record(FIELD);
        record.put("name", field.name());
        record.put("type", new GenericData.EnumSymbol(TYPE, field.type().name()));
        record.put("timestampFormat", field.timestampFormat() == null ? null : field.timestampFormat().name());
        record.put("nullRate", field.nullRate());
        record.put("numeric", numericRecord(field.numeric()));
        if (field.categorical() != null) {
            GenericRecord categorical = new GenericData.Record(CATEGORICAL);
            categorical.put("values", field.categorical().values());
            categorical.put("weights", doubles(field.categorical().weights()));
            categorical.put("unseenWeight", field.categorical().unseenWeight());
            record.put("categorical", categorical);
        }
        record.put("trueRate", field.trueRate());
        record.put("role", field.role().name());
        record.put("roleReason", field.roleReason());
        record.put("distinct", field.distinct());
        record.put("decimals", field.decimals());
        record.put("min", Double.isNaN(field.min()) ? null : field.min());
        record.put("max", Double.isNaN(field.max()) ? null : field.max());
        record.put("shape", field.shape() == null ? null : shapeRecord(field.shape()));
        return record;
    }

    private static GenericRecord shapeRecord(IdentifierShape shape) {
        GenericRecord record = new GenericData.Record(SHAPE);
        List<GenericRecord> patterns = new ArrayList<>();
        for (IdentifierShape.Pattern pattern : shape.patterns()) {
            GenericRecord item = new GenericData.Record(PATTERN);
            item.put("slots", pattern.slots());
            item.put("freshSlot", pattern.freshSlot());
            patterns.add(item);
        }
        record.put("patterns", patterns);
        record.put("weights", doubles(shape.weights()));
        record.put("distinct", shape.distinct());
        record.put("unique", shape.unique());
        record.put("integersFrom", shape.integersFrom());
        return record;
    }

    private static IdentifierShape shape(GenericRecord record) {
        List<IdentifierShape.Pattern> patterns = new ArrayList<>();
        for (Object item : (List<?>) record.get("patterns")) {
            GenericRecord pattern = (GenericRecord) item;
            List<String> slots = new ArrayList<>();
            for (Object slot : (List<?>) pattern.get("slots")) {
                slots.add(slot.toString());
            }
            patterns.add(new IdentifierShape.Pattern(slots, (Integer) pattern.get("freshSlot")));
        }
        return new IdentifierShape(patterns, doubles(record.get("weights")), (Long) record.get("distinct"),
                (Boolean) record.get("unique"), (Long) record.get("integersFrom"));
    }

    private static FieldModel fieldModel(GenericRecord record) {
        NumericMarginal numeric = numericMarginal((GenericRecord) record.get("numeric"));
        GenericRecord categoricalRecord = (GenericRecord) record.get("categorical");
        CategoricalMarginal categorical = null;
        if (categoricalRecord != null) {
            List<String> values = new ArrayList<>();
            for (Object value : (List<?>) categoricalRecord.get("values")) {
                values.add(value.toString());
            }
            categorical = new CategoricalMarginal(values, doubles(categoricalRecord.get("weights")),
                    (Double) categoricalRecord.get("unseenWeight"));
        }
        Object format = record.get("timestampFormat");
        Object role = record.get("role");
        Object reason = record.get("roleReason");
        Object min = record.get("min");
        Object max = record.get("max");
        Object shape = record.get("shape");
        return new FieldModel(record.get("name").toString(), FieldType.valueOf(record.get("type").toString()),
                format == null ? null : TimestampFormat.valueOf(format.toString()), (Double) record.get("nullRate"),
                numeric, categorical, (Double) record.get("trueRate"),
                role == null ? null : FieldRole.valueOf(role.toString()), reason == null ? null : reason.toString(),
                (Long) record.get("distinct"), (Integer) record.get("decimals"),
                min == null ? Double.NaN : (Double) min, max == null ? Double.NaN : (Double) max,
                shape == null ? null : shape((GenericRecord) shape));
    }

    private static GenericRecord sequenceRecord(SequenceModel sequences) {
        if (sequences == null) {
            return null;
        }
        GenericRecord record = new GenericData.Record(SEQUENCES);
        record.put("keyField", sequences.keyField());
        record.put("stateField", sequences.stateField());
        record.put("states", sequences.states());
        record.put("startCounts", longs(sequences.startCounts()));
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : sequences.transitionCounts()) {
            rows.add(longs(row));
        }
        record.put("transitionCounts", rows);
        List<GenericRecord> times = new ArrayList<>();
        for (NumericMarginal time : sequences.timeToNextMs()) {
            times.add(numericRecord(time));
        }
        record.put("timeToNextMs", times);
        record.put("eventsPerEntity", numericRecord(sequences.eventsPerEntity()));
        record.put("attributes", sequences.attributes());
        record.put("entityStartsPerSecond", sequences.entityStartsPerSecond());
        record.put("meanActiveEntities", sequences.meanActiveEntities());
        record.put("entityGapMs", sequences.entityGapMs());
        record.put("entityCopula", entityCopulaRecord(sequences.entityCopula()));
        return record;
    }

    private static SequenceModel sequenceModel(GenericRecord record) {
        if (record == null) {
            return null;
        }
        List<long[]> rows = new ArrayList<>();
        for (Object row : (List<?>) record.get("transitionCounts")) {
            rows.add(longs(row));
        }
        List<NumericMarginal> times = new ArrayList<>();
        for (Object time : (List<?>) record.get("timeToNextMs")) {
            times.add(numericMarginal((GenericRecord) time));
        }
        Object keyField = record.get("keyField");
        return new SequenceModel(keyField == null ? null : keyField.toString(), record.get("stateField").toString(),
                strings(record.get("states")), longs(record.get("startCounts")), rows.toArray(long[][]::new), times,
                numericMarginal((GenericRecord) record.get("eventsPerEntity")), strings(record.get("attributes")),
                (Double) record.get("entityStartsPerSecond"), (Double) record.get("meanActiveEntities"),
                (Long) record.get("entityGapMs"), entityCopula((GenericRecord) record.get("entityCopula")));
    }

    private static GenericRecord entityCopulaRecord(EntityCopula copula) {
        if (copula == null) {
            return null;
        }
        GenericRecord record = new GenericData.Record(ENTITY_COPULA);
        record.put("columns", copula.columns());
        record.put("quantiles", rows(copula.quantiles()));
        record.put("correlation", flat(copula.correlation()));
        record.put("entities", copula.entities());
        return record;
    }

    private static EntityCopula entityCopula(GenericRecord record) {
        if (record == null) {
            return null;
        }
        List<String> columns = strings(record.get("columns"));
        return new EntityCopula(columns, rows((List<?>) record.get("quantiles")),
                matrix(doubles(record.get("correlation")), columns.size()), (Long) record.get("entities"));
    }

    /** A matrix as a list of rows. */
    private static List<List<Double>> rows(double[][] matrix) {
        List<List<Double>> rows = new ArrayList<>();
        for (double[] row : matrix) {
            rows.add(doubles(row));
        }
        return rows;
    }

    /** A list of rows as a matrix. */
    private static double[][] rows(List<?> rows) {
        double[][] matrix = new double[rows.size()][];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = doubles(rows.get(i));
        }
        return matrix;
    }

    private static GenericRecord numericRecord(NumericMarginal marginal) {
        if (marginal == null) {
            return null;
        }
        GenericRecord numeric = new GenericData.Record(NUMERIC);
        numeric.put("values", doubles(marginal.values()));
        numeric.put("cumulative", doubles(marginal.cumulative()));
        return numeric;
    }

    private static NumericMarginal numericMarginal(GenericRecord record) {
        return record == null ? null : new NumericMarginal(doubles(record.get("values")), doubles(record.get("cumulative")));
    }

    private static List<Long> longs(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long value : values) {
            list.add(value);
        }
        return list;
    }

    private static long[] longs(Object list) {
        List<?> items = (List<?>) list;
        long[] values = new long[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (Long) items.get(i);
        }
        return values;
    }

    private static List<Double> doubles(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    private static double[] doubles(Object list) {
        List<?> items = (List<?>) list;
        double[] values = new double[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (Double) items.get(i);
        }
        return values;
    }
}
