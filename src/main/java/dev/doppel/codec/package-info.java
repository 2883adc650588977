/**
 * Bytes to rows and back: {@link dev.doppel.codec.RowCodec} (JSON today, Avro through a registry
 * next), {@link dev.doppel.codec.Row} as the flat event every later stage sees, and
 * {@link dev.doppel.codec.EventFile} for CSV and JSON-lines input.
 */
package dev.doppel.codec;
