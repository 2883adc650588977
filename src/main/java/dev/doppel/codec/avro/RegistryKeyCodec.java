package dev.doppel.codec.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.KeyCodec;
import dev.doppel.codec.registry.RegistryNotFoundException;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.codec.registry.SchemaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Record keys that are Avro in the Confluent wire format (a zero magic byte, the schema's registry
 * id as a 4-byte big-endian integer, then Avro binary), as text and back.
 *
 * <p>Reading ({@link #decode}) looks each key schema up in the registry once and gives the key as
 * text with its schema: a {@code string} key its string, a {@code long} or {@code int} key its
 * decimal digits, a record of such fields (each possibly nullable, see {@link #isRecordKey}) its Avro
 * JSON text and its fields by name. A key of another schema (a record with a double, say) is read as
 * its Avro JSON text and comes without a schema: it is learned like a text key, and the mirror's keys
 * are then UTF-8 text. A key with an id the registry does not know, whose schema is not Avro, or whose
 * bytes do not decode is a {@link BadRecordException} with the reason {@code key-unknown-schema-id},
 * {@code key-unsupported-schema} or {@code key-undecodable}; an id found unknown is not asked again
 * for {@link RegistryAvroCodec#UNKNOWN_ID_RETRY_MS}.
 *
 * <p>Writing ({@link #encode}) uses one key schema registered beforehand ({@link #forWriting}): a
 * {@code string} key is the text; a {@code long} or {@code int} key is the text's number, or, for
 * text that is not one (or not in an {@code int}'s range), a non-negative number derived from the
 * text, so that distinct made-up keys stay distinct as far as the type allows; a record key's text is
 * a JSON object with a member per field, each converted the same way (other text, such as an entity's
 * made-up key, is every field's value). Thread-safe.
 */
public final class RegistryKeyCodec implements KeyCodec {

    private static final int HEADER = 5;

    /**
     * A key read as text, with the Avro schema it was written with (null if it is kept as text only),
     * and, for a record key, its fields by name in the schema's order (String, Long, Integer or null).
     */
    public record Key(String text, String schema, Map<String, Object> fields) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Reader(Schema schema, String schemaText, GenericDatumReader<Object> reader) {
    }

    private record Failure(String reason, String message, long at) {
    }

    private final SchemaRegistryClient registry;
    private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();
    private final Map<Integer, Failure> failures = new ConcurrentHashMap<>();
    private final int writeId;
    private final Schema writeSchema;
    private final GenericDatumWriter<Object> writer;

    private RegistryKeyCodec(SchemaRegistryClient registry, int writeId, Schema writeSchema) {
        this.registry = registry;
        this.writeId = writeId;
        this.writeSchema = writeSchema;
        this.writer = writeSchema == null ? null : new GenericDatumWriter<>(writeSchema);
    }

    /** A codec that reads keys of any schema in {@code registry}; {@link #encode} is not available. */
    public static RegistryKeyCodec forReading(SchemaRegistryClient registry) {
        return new RegistryKeyCodec(registry, -1, null);
    }

    /**
     * A codec that writes keys with {@code schema}, registered (or found) under {@code subject}.
     *
     * @throws IllegalArgumentException if the schema is not {@code string}, {@code long} or {@code int}
     * @throws dev.doppel.codec.registry.SchemaRegistryException if the registry refuses the schema
     */
    public static RegistryKeyCodec forWriting(SchemaRegistryClient registry, String subject, Schema schema) {
        if (!isPrimitiveKey(schema) && !isRecordKey(schema)) {
            throw new IllegalArgumentException("doppel writes Avro keys of type string, long or int, or records of such fields, not "
                    + schema.getType().getName() + (schema.getType() == Schema.Type.RECORD ? " " + schema.getFullName() : ""));
        }
        int id = registry.register(subject, dev.doppel.codec.registry.Schema.avro(schema.toString()));
        return new RegistryKeyCodec(registry, id, schema);
    }

    /** True for the key schemas doppel learns as a value and writes: {@code string}, {@code long}, {@code int}. */
    public static boolean isPrimitiveKey(Schema schema) {
        return switch (schema.getType()) {
            case STRING, LONG, INT -> true;
            default -> false;
        };
    }

    /**
     * True for record keys doppel learns field by field and writes: a record whose fields are each
     * {@code string}, {@code long} or {@code int}, or a union of one of them with null.
     */
    public static boolean isRecordKey(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD || schema.getFields().isEmpty()) {
            return false;
        }
        return schema.getFields().stream().allMatch(field -> valueType(field.schema()) != null);
    }

    /** The primitive type of a key field (string, long, int, or one of them in a union with null), else null. */
    private static Schema valueType(Schema schema) {
        if (isPrimitiveKey(schema)) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION && schema.getTypes().size() == 2) {
            Schema other = null;
            boolean hasNull = false;
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    hasNull = true;
                } else {
                    other = branch;
                }
            }
            return hasNull && other != null && isPrimitiveKey(other) ? other : null;
        }
        return null;
    }

    /** True if {@code key} starts like the wire format: the magic byte 0 and room for a schema id. */
    public static boolean isWireFormat(byte[] key) {
        return key != null && key.length >= HEADER && key[0] == RegistryAvroCodec.MAGIC_BYTE;
    }

    /** The registry id this codec writes with, or -1 if it only reads. */
    public int writeSchemaId() {
        return writeId;
    }

    /**
     * Reads a key in the wire format (see {@link #isWireFormat}).
     *
     * @throws BadRecordException with a {@code key-*} reason if it cannot be read
     */
    public Key decode(byte[] key) {
        if (!isWireFormat(key)) {
            throw new BadRecordException("key-no-magic-byte", "key does not start with the schema registry's magic byte 0 and a schema id");
        }
        int id = ByteBuffer.wrap(key, 1, 4).getInt();
        Reader reader = readerFor(id);
        Object value;
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(key, HEADER, key.length - HEADER, null);
            value = reader.reader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new BadRecordException("key-undecodable", "key has bytes left over after an Avro " + reader.schema().getFullName());
            }
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new BadRecordException("key-undecodable", "key is not an Avro " + reader.schema().getFullName() + ": " + e.getMessage(), e);
        }
        if (isPrimitiveKey(reader.schema())) {
            return new Key(value.toString(), reader.schemaText(), null);
        }
        if (isRecordKey(reader.schema())) {
            GenericRecord record = (GenericRecord) value;
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Schema.Field field : reader.schema().getFields()) {
                Object fieldValue = record.get(field.pos());
                fields.put(field.name(), fieldValue == null || fieldValue instanceof Number ? fieldValue : fieldValue.toString());
            }
            return new Key(GenericData.get().toString(value), reader.schemaText(), fields);
        }
        return new Key(GenericData.get().toString(value), null, null);
    }

    @Override
    public byte[] encode(String text) {
        if (writer == null) {
            throw new IllegalStateException("this key codec was built for reading only");
        }
        Object value = writeSchema.getType() == Schema.Type.RECORD ? asRecord(text) : asValue(writeSchema, text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        out.write(RegistryAvroCodec.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(writeId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Object asValue(Schema type, String text) {
        return switch (type.getType()) {
            case LONG -> asLong(text);
            case INT -> asInt(text);
            default -> text;
        };
    }

    /**
     * A record key from text: a JSON object gives each field its member's value (as text, converted
     * to the field's type; a missing or null member is null where the field allows it, else empty
     * text or 0); other text (an entity's made-up key, say) is every field's value.
     */
    private GenericRecord asRecord(String text) {
        JsonNode object = null;
        if (text.startsWith("{")) {
            try {
                object = JSON.readTree(text);
            } catch (IOException e) {
                object = null;
            }
        }
        GenericRecord record = new GenericData.Record(writeSchema);
        for (Schema.Field field : writeSchema.getFields()) {
            Schema type = valueType(field.schema());
            String member;
            if (object == null || !object.isObject()) {
                member = text;
            } else {
                JsonNode node = object.get(field.name());
                member = node == null || node.isNull() ? null : node.asText();
            }
            if (member == null && type != field.schema()) {
                record.put(field.pos(), null);
            } else {
                record.put(field.pos(), asValue(type, member == null ? (type.getType() == Schema.Type.STRING ? "" : "0") : member));
            }
        }
        return record;
    }

    private static long asLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return derived(text) & Long.MAX_VALUE;
        }
    }

    private static int asInt(String text) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = derived(text);
        }
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (int) value : (int) Math.floorMod(value, (long) Integer.MAX_VALUE);
    }

    /** A 64-bit FNV-1a hash of the text's UTF-8 bytes: the same text always gives the same number. */
    private static long derived(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }

    private Reader readerFor(int id) {
        Reader reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        Failure failure = failures.get(id);
        if (failure != null && System.currentTimeMillis() - failure.at() < RegistryAvroCodec.UNKNOWN_ID_RETRY_MS) {
            throw new BadRecordException(failure.reason(), failure.message());
        }
        try {
            dev.doppel.codec.registry.Schema registered = registry.schemaById(id);
            if (registered.type() != SchemaType.AVRO) {
                throw fail(id, "key-unsupported-schema", "key schema id " + id + " is " + registered.type() + ", not Avro");
            }
            Schema schema = new Schema.Parser().parse(registered.text());
            reader = new Reader(schema, schema.toString(), new GenericDatumReader<>(schema));
        } catch (RegistryNotFoundException e) {
            throw fail(id, "key-unknown-schema-id", "key schema id " + id + " is not in the registry");
        } catch (SchemaParseException | IllegalArgumentException e) {
            throw fail(id, "key-unsupported-schema", "key schema id " + id + ": " + e.getMessage());
        }
        readers.put(id, reader);
        failures.remove(id);
        return reader;
    }

    private BadRecordException fail(int id, String reason, String message) {
        failures.put(id, new Failure(reason, message, System.currentTimeMillis()));
        return new BadRecordException(reason, message);
    }
}
