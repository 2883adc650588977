package dev.doppel.codec.avro;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.CollectionPaths;
import dev.doppel.codec.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
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
 * is written back as a null record, since its flat fields cannot tell the two apart.
 *
 * <p>Arrays and maps become derived paths ({@link CollectionPaths}): {@code tags[]#length} and the
 * list of elements under {@code tags[]} (the fields of record elements under {@code items[].sku}),
 * {@code attrs{}#length}, the keys under {@code attrs{}#key} and the values under {@code attrs{}}.
 * Writing takes the length from the length path and element {@code i} from position {@code i} of
 * each element list; a null length is a null array (an empty one where the schema does not allow
 * null). Arrays or maps inside arrays or maps are refused when the codec is built.
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
        checkFields(record, prefix, null);
    }

    private static void checkFields(Schema record, String prefix, String collection) {
        for (Schema.Field field : record.getFields()) {
            checkType(field.schema(), prefix + field.name(), collection);
        }
    }

    /** {@code collection} is the path of the array or map {@code schema} sits in, or null. */
    private static void checkType(Schema schema, String path, String collection) {
        switch (schema.getType()) {
            case RECORD -> checkFields(schema, path + ".", collection);
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    checkType(branch, path, collection);
                }
            }
            case ARRAY, MAP -> {
                if (collection != null) {
                    throw new IllegalArgumentException("field " + path + " is an Avro " + schema.getType().getName()
                            + " inside the array or map " + collection + ", which doppel cannot learn yet");
                }
                Schema element = schema.getType() == Schema.Type.ARRAY ? schema.getElementType() : schema.getValueType();
                checkType(element, path + suffix(schema), path);
            }
            default -> { }
        }
    }

    private static String suffix(Schema collection) {
        return collection.getType() == Schema.Type.ARRAY ? CollectionPaths.ARRAY : CollectionPaths.MAP;
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
            case ARRAY -> putElements(schema.getElementType(), null, (Collection<?>) value, path + CollectionPaths.ARRAY, out);
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) value;
                putElements(schema.getValueType(), map == null ? null : map.keySet(), map == null ? null : map.values(),
                        path + CollectionPaths.MAP, out);
            }
            case UNION -> {
                Schema branch = value == null ? nestedOf(schema) : schema.getTypes().get(GenericData.get().resolveUnion(schema, value));
                if (branch == null) {
                    out.put(path, null);
                } else {
                    put(branch, value, path, out);
                }
            }
            default -> out.put(path, value == null ? null : scalar(schema, value));
        }
    }

    /**
     * The length path, then (for maps) the keys, then one list per element path: {@code elements}
     * null (a null array or map) gives a null length and empty lists.
     */
    private static void putElements(Schema elementSchema, Collection<?> keys, Collection<?> elements, String base,
                                    Map<String, Object> out) {
        out.put(CollectionPaths.lengthOf(base), elements == null ? null : (long) elements.size());
        if (base.endsWith(CollectionPaths.MAP)) {
            List<Object> keyList = new ArrayList<>();
            if (keys != null) {
                keys.forEach(key -> keyList.add(key.toString()));
            }
            out.put(base + CollectionPaths.KEY, List.copyOf(keyList));
        }
        Map<String, Object> paths = new LinkedHashMap<>();
        put(elementSchema, null, base, paths); // the element paths, even without elements
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        paths.keySet().forEach(path -> lists.put(path, new ArrayList<>()));
        if (elements != null) {
            Map<String, Object> one = new LinkedHashMap<>();
            for (Object element : elements) {
                one.clear();
                put(elementSchema, element, base, one);
                one.forEach((path, value) -> lists.get(path).add(value));
            }
        }
        lists.forEach((path, values) -> out.put(path, java.util.Collections.unmodifiableList(values)));
    }

    private static boolean isContainer(Schema schema) {
        Schema.Type type = schema.getType();
        return type == Schema.Type.RECORD || type == Schema.Type.ARRAY || type == Schema.Type.MAP;
    }

    /**
     * The record, array or map branch of a union, so a null nested record still gives its fields
     * (as nulls) and a null array its length (null) and element lists (empty).
     */
    private static Schema nestedOf(Schema union) {
        for (Schema branch : union.getTypes()) {
            if (isContainer(branch)) {
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
            case ARRAY:
                return array(schema, row, path + CollectionPaths.ARRAY);
            case MAP:
                return map(schema, row, path + CollectionPaths.MAP);
            case UNION: {
                Schema nested = nestedOf(schema);
                Object value = row.get(path);
                if (value == null && (nested == null || absent(nested, row, path) && allowsNull(schema))) {
                    return null;
                }
                for (Schema branch : schema.getTypes()) {
                    // A value at the path is a scalar branch's; without one, the record's, array's or map's.
                    if (branch.getType() == Schema.Type.NULL || isContainer(branch) == (value != null)) {
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

    /** A null length is a null array: an empty one where the schema does not take null. */
    private static List<Object> array(Schema schema, Row row, String base) {
        int length = length(row, base);
        GenericData.Array<Object> array = new GenericData.Array<>(length, schema);
        for (int i = 0; i < length; i++) {
            array.add(avroValue(schema.getElementType(), element(row, base, i), base));
        }
        return array;
    }

    private static Map<String, Object> map(Schema schema, Row row, String base) {
        int length = length(row, base);
        Object keys = row.get(base + CollectionPaths.KEY);
        if (length > 0 && !(keys instanceof List<?> list && list.size() >= length)) {
            throw new BadRecordException("wrong-type", "map " + base + " has " + length + " values but keys " + keys);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < length; i++) {
            Object key = ((List<?>) keys).get(i);
            if (key == null) {
                throw new BadRecordException("wrong-type", "map " + base + " has a null key");
            }
            map.put(key.toString(), avroValue(schema.getValueType(), element(row, base, i), base));
        }
        return map;
    }

    private static int length(Row row, String base) {
        Object length = row.get(CollectionPaths.lengthOf(base));
        if (length == null) {
            return 0;
        }
        if (!(length instanceof Number number) || number.longValue() < 0 || number.longValue() > Integer.MAX_VALUE) {
            throw new BadRecordException("wrong-type", "field " + CollectionPaths.lengthOf(base) + ": " + length + " is not a length");
        }
        return number.intValue();
    }

    /** A row of element {@code i}'s values: each element path of {@code base} to position {@code i} of its list. */
    private static Row element(Row row, String base, int i) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : row.values().entrySet()) {
            String path = entry.getKey();
            if (path.startsWith(base) && CollectionPaths.isElement(path) && !CollectionPaths.isMapKey(path)
                    && entry.getValue() instanceof List<?> list) {
                values.put(path, i < list.size() ? list.get(i) : null);
            }
        }
        return Row.of(values);
    }

    /** True if a record's fields are all null, or an array's or map's length is null. */
    private static boolean absent(Schema nested, Row row, String path) {
        return switch (nested.getType()) {
            case RECORD -> allNull(nested, row, path + ".");
            case ARRAY, MAP -> row.get(CollectionPaths.lengthOf(path + suffix(nested))) == null;
            default -> row.get(path) == null;
        };
    }

    private static boolean allNull(Schema record, Row row, String prefix) {
        for (Schema.Field field : record.getFields()) {
            String path = prefix + field.name();
            Schema type = field.schema();
            Schema nested = type.getType() == Schema.Type.UNION ? nestedOf(type) : type;
            if (nested == null ? row.get(path) != null : !absent(nested, row, path)) {
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
