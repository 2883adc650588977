package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.codec.ValueFormat;
import dev.doppel.errors.BadInputException;
import dev.doppel.stats.StatsFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private static final Schema RATE = SCHEMA.getField("rate").schema().getTypes().get(1);
    private static final BinaryMessageEncoder<GenericRecord> ENCODER = new BinaryMessageEncoder<>(GenericData.get(), SCHEMA);
    private static final BinaryMessageDecoder<GenericRecord> DECODER = new BinaryMessageDecoder<>(GenericData.get(), SCHEMA);

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
        record.put("rate", rateRecord(model.rate()));
        try {
            ByteBuffer buffer = ENCODER.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return new ModelSnapshot(record.get("sourceTopic").toString(), ValueFormat.valueOf(record.get("valueFormat").toString()),
                valueSchema == null ? null : valueSchema.toString(), (Long) record.get("builtAt"),
                (Long) record.get("windowSizeMs"), (Long) record.get("windowReports"), (Long) record.get("events"),
                (Long) record.get("firstEvent"), (Long) record.get("lastEvent"), timeline, fields,
                rateModel((GenericRecord) record.get("rate"), (Long) record.get("windowSizeMs")));
    }

    private static GenericRecord rateRecord(RateModel rate) {
        GenericRecord record = new GenericData.Record(RATE);
        record.put("timeField", rate.timeField());
        record.put("windowMs", rate.windowMs());
        record.put("advanceMs", rate.advanceMs());
        record.put("horizon", rate.horizon());
        record.put("gaps", rate.gaps() == null ? null : numericRecord(rate.gaps()));
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
                (Long) record.get("advanceMs"), (Integer) record.get("horizon"), numeric((GenericRecord) record.get("gaps")),
                (Double) record.get("meanGapMs"), (Double) record.get("burstiness"));
    }

    private static GenericRecord numericRecord(NumericMarginal marginal) {
        GenericRecord numeric = new GenericData.Record(NUMERIC);
        numeric.put("values", doubles(marginal.values()));
        numeric.put("cumulative", doubles(marginal.cumulative()));
        return numeric;
    }

    private static NumericMarginal numeric(GenericRecord record) {
        return record == null ? null : new NumericMarginal(doubles(record.get("values")), doubles(record.get("cumulative")));
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
        if (field.numeric() != null) {
            GenericRecord numeric = new GenericData.Record(NUMERIC);
            numeric.put("values", doubles(field.numeric().values()));
            numeric.put("cumulative", doubles(field.numeric().cumulative()));
            record.put("numeric", numeric);
        }
        if (field.categorical() != null) {
            GenericRecord categorical = new GenericData.Record(CATEGORICAL);
            categorical.put("values", field.categorical().values());
            categorical.put("weights", doubles(field.categorical().weights()));
            categorical.put("unseenWeight", field.categorical().unseenWeight());
            record.put("categorical", categorical);
        }
        record.put("trueRate", field.trueRate());
        return record;
    }

    private static FieldModel fieldModel(GenericRecord record) {
        GenericRecord numericRecord = (GenericRecord) record.get("numeric");
        NumericMarginal numeric = numericRecord == null ? null
                : new NumericMarginal(doubles(numericRecord.get("values")), doubles(numericRecord.get("cumulative")));
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
        return new FieldModel(record.get("name").toString(), FieldType.valueOf(record.get("type").toString()),
                format == null ? null : TimestampFormat.valueOf(format.toString()), (Double) record.get("nullRate"),
                numeric, categorical, (Double) record.get("trueRate"));
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
