package dev.doppel.codec.avro;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.ValueFormat;
import dev.doppel.codec.registry.RegistryNotFoundException;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.codec.registry.SchemaRegistryException;
import dev.doppel.codec.registry.SchemaType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Avro in the Confluent wire format: a zero magic byte, the schema's registry id as a 4-byte
 * big-endian integer, then Avro binary. Reading looks each id up in the registry once (the client
 * caches it); writing uses one schema registered beforehand ({@link #forWriting}).
 *
 * <p>A record without the magic byte, with an id the registry does not know, whose schema is not an
 * Avro record doppel can read, or whose bytes do not decode is a {@link BadRecordException} with the
 * reason {@code no-magic-byte}, {@code unknown-schema-id}, {@code unsupported-schema} or
 * {@code undecodable}. An id found unknown is not asked again for {@link #UNKNOWN_ID_RETRY_MS}, so a
 * stream of such records does not hammer the registry. Thread-safe.
 */
public final class RegistryAvroCodec implements RowCodec {

    /** The first byte of every record in the wire format. */
    public static final byte MAGIC_BYTE = 0;
    /** How long an id the registry did not know is taken as unknown before asking again. */
    public static final long UNKNOWN_ID_RETRY_MS = 30_000;

    private static final int HEADER = 5;

    private final SchemaRegistryClient registry;
    private final Map<Integer, AvroRowCodec> codecs = new ConcurrentHashMap<>();
    private final Map<Integer, Failure> failures = new ConcurrentHashMap<>();
    private final int writeId;
    private final AvroRowCodec writer;

    private record Failure(String reason, String message, long at) {
    }

    private RegistryAvroCodec(SchemaRegistryClient registry, int writeId, AvroRowCodec writer) {
        this.registry = registry;
        this.writeId = writeId;
        this.writer = writer;
    }

    /** A codec that reads records of any schema in {@code registry}; {@link #encode} is not available. */
    public static RegistryAvroCodec forReading(SchemaRegistryClient registry) {
        return new RegistryAvroCodec(registry, -1, null);
    }

    /**
     * A codec that writes with {@code schema}, registered (or found) under {@code subject}, and reads
     * any schema.
     *
     * @throws SchemaRegistryException if the registry refuses the schema, e.g. as incompatible
     */
    public static RegistryAvroCodec forWriting(SchemaRegistryClient registry, String subject, Schema schema) {
        AvroRowCodec writer = new AvroRowCodec(schema);
        int id = registry.register(subject, dev.doppel.codec.registry.Schema.avro(schema.toString()));
        RegistryAvroCodec codec = new RegistryAvroCodec(registry, id, writer);
        codec.codecs.put(id, writer);
        return codec;
    }

    /** The registry this codec reads schemas from (and keys, see {@link RegistryKeyCodec}, can too). */
    public SchemaRegistryClient registry() {
        return registry;
    }

    /** The registry id this codec writes with, or -1 if it only reads. */
    public int writeSchemaId() {
        return writeId;
    }

    @Override
    public Row decode(byte[] bytes) {
        return codecFor(bytes).decode(bytes, HEADER, bytes.length - HEADER);
    }

    @Override
    public ValueFormat format() {
        return ValueFormat.REGISTRY_AVRO;
    }

    /** The Avro schema a record was written with, looked up by the id in its header. */
    @Override
    public String schemaText(byte[] bytes) {
        return codecFor(bytes).schemaText(bytes);
    }

    /** The registry id in a record's header. */
    public static int schemaId(byte[] bytes) {
        if (bytes == null) {
            throw new BadRecordException("null-value", "record has no value (a tombstone)");
        }
        if (bytes.length < HEADER || bytes[0] != MAGIC_BYTE) {
            throw new BadRecordException("no-magic-byte", "value does not start with the schema registry's magic byte 0 and a schema id");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    @Override
    public byte[] encode(Row row) {
        if (writer == null) {
            throw new IllegalStateException("this codec was built for reading only");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(writeId).array());
        writer.writeTo(out, row);
        return out.toByteArray();
    }

    private AvroRowCodec codecFor(byte[] bytes) {
        int id = schemaId(bytes);
        AvroRowCodec codec = codecs.get(id);
        if (codec != null) {
            return codec;
        }
        Failure failure = failures.get(id);
        if (failure != null && System.currentTimeMillis() - failure.at() < UNKNOWN_ID_RETRY_MS) {
            throw new BadRecordException(failure.reason(), failure.message());
        }
        try {
            dev.doppel.codec.registry.Schema registered = registry.schemaById(id);
            if (registered.type() != SchemaType.AVRO) {
                throw fail(id, "unsupported-schema", "schema id " + id + " is " + registered.type() + ", not Avro");
            }
            codec = new AvroRowCodec(new Schema.Parser().parse(registered.text()));
        } catch (RegistryNotFoundException e) {
            throw fail(id, "unknown-schema-id", "schema id " + id + " is not in the registry");
        } catch (SchemaParseException | IllegalArgumentException e) {
            throw fail(id, "unsupported-schema", "schema id " + id + ": " + e.getMessage());
        }
        codecs.put(id, codec);
        failures.remove(id);
        return codec;
    }

    private BadRecordException fail(int id, String reason, String message) {
        failures.put(id, new Failure(reason, message, System.currentTimeMillis()));
        return new BadRecordException(reason, message);
    }
}
