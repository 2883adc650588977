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

    /** The format this codec reads and writes. */
    ValueFormat format();

    /**
     * The text of the schema a record value was written with, for formats that have one, else null.
     * Cheap: called once per record by the learner, so that the model follows schema changes.
     *
     * @throws BadRecordException as {@link #decode} would for the same bytes
     */
    default String schemaText(byte[] bytes) {
        return null;
    }
}
