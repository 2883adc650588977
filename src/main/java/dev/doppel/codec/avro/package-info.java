/**
 * Avro records to rows and back: {@link dev.doppel.codec.avro.AvroRowCodec} for plain Avro binary
 * of a known schema. Nested records flatten to dotted paths; the type mapping is in {@code AvroRows}.
 */
package dev.doppel.codec.avro;
