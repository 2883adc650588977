package dev.doppel.codec;

/**
 * Bytes of a record value to a {@link Row} and back. Implementations are thread-safe.
 */
public interface RowCodec {

    /**
     * Reads one record value.
     *
     * @throws BadRecordException if the bytes are not a record of this codec's format
     */
    Row decode(byte[] bytes);

    /** Writes one row; nested field paths become nested structures again where the format has them. */
    byte[] encode(Row row);
}
