package dev.doppel.codec.avro;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.ValueFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Plain Avro binary of one record schema, with no header: for topics whose schema is known from a
 * file rather than a registry. How Avro types map to row values is described in {@link AvroRows}.
 * Thread-safe.
 */
public final class AvroRowCodec implements RowCodec {

    private final Schema schema;
    private final String schemaText;
    private final GenericDatumReader<GenericRecord> reader;
    private final GenericDatumWriter<GenericRecord> writer;

    /**
     * @throws IllegalArgumentException if the schema is not a record, or has a type rows cannot carry
     */
    public AvroRowCodec(Schema schema) {
        AvroRows.checkSupported(schema);
        this.schema = schema;
        this.schemaText = schema.toString();
        this.reader = new GenericDatumReader<>(schema);
        this.writer = new GenericDatumWriter<>(schema);
    }

    public Schema schema() {
        return schema;
    }

    @Override
    public ValueFormat format() {
        return ValueFormat.AVRO;
    }

    @Override
    public String schemaText(byte[] bytes) {
        return schemaText;
    }

    @Override
    public Row decode(byte[] bytes) {
        if (bytes == null) {
            throw new BadRecordException("null-value", "record has no value (a tombstone)");
        }
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code length} bytes from {@code offset}, which must be exactly one record. */
    Row decode(byte[] bytes, int offset, int length) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, null);
            GenericRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new BadRecordException("undecodable", "value has bytes left over after an Avro " + schema.getFullName());
            }
            return AvroRows.toRow(record);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new BadRecordException("undecodable", "value is not an Avro " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] encode(Row row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        writeTo(out, row);
        return out.toByteArray();
    }

    /** Appends the Avro binary of {@code row} to {@code out}. */
    void writeTo(ByteArrayOutputStream out, Row row) {
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(AvroRows.toRecord(schema, row), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (AvroRuntimeException | NullPointerException e) {
            throw new BadRecordException("wrong-type", "row does not fit " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }
}
