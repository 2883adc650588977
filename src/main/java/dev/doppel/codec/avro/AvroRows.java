package dev.doppel.codec.avro;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro generic records to flat {@link Row}s and back, for one record schema.
 *
 * <p>How Avro types become row values: nested records flatten to dotted paths (a null nested record
 * makes all its fields null); a union of null and one type is that type, nullable; int and long
 * (and their logical types date, time-millis, timestamp-millis/micros) are {@link Long}; float and
 * double are {@link Double}; a decimal is a {@link Double} (exact up to 15 significant digits) and is
 * rounded back to its scale; enum and
 * string (uuid too) are {@link String}; bytes and fixed are base64 {@link String}s. Writing a row
 * back uses the schema to restore each Avro type, so the mirror's records have exactly the source's
 * schema. One thing is not kept: a nullable nested record that is present but has only null fields
 * is written back as a null record, since its flat fields cannot tell the two apart. Arrays and maps
 * are not handled yet: they are refused when the codec is built.
 */
final class AvroRows {

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private AvroRows() {
    }

    /** Fails with a clear message if {@code schema} has a type rows cannot carry yet. */
    static void checkSupported(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("doppel reads Avro records; this schema is a " + schema.getType());
        }
        checkFields(schema, "");
    }

    private static void checkFields(Schema record, String prefix) {
        for (Schema.Field field : record.getFields()) {
            checkType(field.schema(), prefix + field.name());
        }
    }

    private static void checkType(Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD -> checkFields(schema, path + ".");
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    checkType(branch, path);
                }
            }
            case ARRAY, MAP -> throw new IllegalArgumentException(
                    "field " + path + " is an Avro " + schema.getType().getName() + ", which doppel cannot learn yet");
            default -> { }
        }
    }

    static Row toRow(GenericRecord record) {
        Map<String, Object> values = new LinkedHashMap<>();
        flatten(record.getSchema(), record, "", values);
        return Row.of(values);
    }

    private static void flatten(Schema schema, GenericRecord record, String prefix, Map<String, Object> out) {
        for (Schema.Field field : schema.getFields()) {
            String path = prefix + field.name();
            put(field.schema(), record == null ? null : record.get(field.pos()), path, out);
        }
    }

    private static void put(Schema schema, Object value, String path, Map<String, Object> out) {
        switch (schema.getType()) {
            case RECORD -> flatten(schema, (GenericRecord) value, path + ".", out);
            case UNION -> {
                Schema branch = value == null ? nestedRecordOf(schema) : schema.getTypes().get(GenericData.get().resolveUnion(schema, value));
                if (branch == null) {
                    out.put(path, null);
                } else {
                    put(branch, value, path, out);
                }
            }
            default -> out.put(path, value == null ? null : scalar(schema, value));
        }
    }

    /** The record branch of a union, so a null nested record still gives its fields (as nulls). */
    private static Schema nestedRecordOf(Schema union) {
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.RECORD) {
                return branch;
            }
        }
        return null;
    }

    private static Object scalar(Schema schema, Object value) {
        LogicalType logical = schema.getLogicalType();
        return switch (schema.getType()) {
            case INT, LONG -> ((Number) value).longValue();
            case FLOAT, DOUBLE -> ((Number) value).doubleValue();
            case BOOLEAN -> value;
            case STRING, ENUM -> value.toString();
            case BYTES -> logical instanceof LogicalTypes.Decimal
                    ? DECIMALS.fromBytes(((ByteBuffer) value).duplicate(), schema, logical).doubleValue()
                    : Base64.getEncoder().encodeToString(bytes((ByteBuffer) value));
            case FIXED -> logical instanceof LogicalTypes.Decimal
                    ? DECIMALS.fromFixed((GenericFixed) value, schema, logical).doubleValue()
                    : Base64.getEncoder().encodeToString(((GenericFixed) value).bytes());
            case NULL -> null;
            default -> throw new IllegalStateException("unsupported Avro type " + schema.getType());
        };
    }

    /**
     * Builds a record of {@code schema} from a row; fields missing from the row are null (or their
     * default, where the schema gives one and null is not allowed).
     *
     * @throws BadRecordException if a value does not fit its field
     */
    static GenericRecord toRecord(Schema schema, Row row) {
        return record(schema, row, "");
    }

    private static GenericRecord record(Schema schema, Row row, String prefix) {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            String path = prefix + field.name();
            Object value = avroValue(field.schema(), row, path);
            if (value == null && !allowsNull(field.schema()) && field.hasDefaultValue()) {
                value = GenericData.get().getDefaultValue(field);
            }
            record.put(field.pos(), value);
        }
        return record;
    }

    private static Object avroValue(Schema schema, Row row, String path) {
        switch (schema.getType()) {
            case RECORD:
                return record(schema, row, path + ".");
            case UNION: {
                Schema nested = nestedRecordOf(schema);
                if (nested != null && allNull(nested, row, path + ".") && allowsNull(schema)) {
                    return null;
                }
                Object value = row.get(path);
                if (value == null && nested == null) {
                    return null;
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL) {
                        continue;
                    }
                    try {
                        return avroValue(branch, row, path);
                    } catch (BadRecordException | ClassCastException | IllegalArgumentException e) {
                        // try the next branch
                    }
                }
                throw new BadRecordException("wrong-type", "field " + path + ": " + value + " fits no branch of " + schema);
            }
            default: {
                Object value = row.get(path);
                if (value == null) {
                    return null;
                }
                try {
                    return avro(schema, value);
                } catch (ClassCastException | IllegalArgumentException | ArithmeticException e) {
                    throw new BadRecordException("wrong-type", "field " + path + ": " + value + " is not a " + schema.getType().getName(), e);
                }
            }
        }
    }

    private static Object avro(Schema schema, Object value) {
        LogicalType logical = schema.getLogicalType();
        return switch (schema.getType()) {
            case INT -> Math.toIntExact(((Number) value).longValue());
            case LONG -> ((Number) value).longValue();
            case FLOAT -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case BOOLEAN -> (Boolean) value;
            case STRING -> value.toString();
            case ENUM -> {
                if (!schema.hasEnumSymbol(value.toString())) {
                    throw new IllegalArgumentException("not a symbol of " + schema.getFullName());
                }
                yield new GenericData.EnumSymbol(schema, value.toString());
            }
            case BYTES -> logical instanceof LogicalTypes.Decimal decimal
                    ? DECIMALS.toBytes(toDecimal(value, decimal), schema, logical)
                    : ByteBuffer.wrap(Base64.getDecoder().decode(value.toString()));
            case FIXED -> {
                if (logical instanceof LogicalTypes.Decimal decimal) {
                    yield DECIMALS.toFixed(toDecimal(value, decimal), schema, logical);
                }
                byte[] bytes = Base64.getDecoder().decode(value.toString());
                if (bytes.length != schema.getFixedSize()) {
                    throw new IllegalArgumentException("fixed " + schema.getFullName() + " takes " + schema.getFixedSize() + " bytes");
                }
                yield new GenericData.Fixed(schema, bytes);
            }
            case NULL -> null;
            default -> throw new IllegalStateException("unsupported Avro type " + schema.getType());
        };
    }

    private static BigDecimal toDecimal(Object value, LogicalTypes.Decimal decimal) {
        BigDecimal number = value instanceof Long whole ? BigDecimal.valueOf(whole) : BigDecimal.valueOf(((Number) value).doubleValue());
        BigDecimal scaled = number.setScale(decimal.getScale(), RoundingMode.HALF_EVEN);
        if (scaled.precision() > decimal.getPrecision()) {
            throw new IllegalArgumentException("more digits than decimal(" + decimal.getPrecision() + ", " + decimal.getScale() + ")");
        }
        return scaled;
    }

    private static boolean allNull(Schema record, Row row, String prefix) {
        for (Schema.Field field : record.getFields()) {
            String path = prefix + field.name();
            Schema type = field.schema();
            Schema nested = type.getType() == Schema.Type.RECORD ? type
                    : type.getType() == Schema.Type.UNION ? nestedRecordOf(type) : null;
            boolean isNull = nested != null ? allNull(nested, row, path + ".") : row.get(path) == null;
            if (!isNull) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowsNull(Schema schema) {
        if (schema.getType() == Schema.Type.NULL) {
            return true;
        }
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = schema.getTypes();
            for (Schema branch : branches) {
                if (branch.getType() == Schema.Type.NULL) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
