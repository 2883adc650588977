package dev.doppel.codec.avro;

import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.ValueFormat;

/**
 * Writes rows through another codec after renaming their fields to the Avro names of an inferred
 * schema (columns like {@code "flight no."} are not Avro names). Reads as the other codec does.
 */
public final class RenamingCodec implements RowCodec {

    private final RowCodec avro;
    private final AvroSchemas.Inferred inferred;

    public RenamingCodec(RowCodec avro, AvroSchemas.Inferred inferred) {
        this.avro = avro;
        this.inferred = inferred;
    }

    /** The codec that does the writing. */
    public RowCodec inner() {
        return avro;
    }

    @Override
    public Row decode(byte[] bytes) {
        return avro.decode(bytes);
    }

    @Override
    public byte[] encode(Row row) {
        return avro.encode(inferred.toAvroNames(row));
    }

    @Override
    public ValueFormat format() {
        return avro.format();
    }
}
