package dev.doppel.codec;

import java.nio.charset.StandardCharsets;

/**
 * How the mirror's record keys, made up as text, become bytes: UTF-8 ({@link #UTF8}) for sources
 * whose keys were text, or Avro in the registry's wire format
 * ({@link dev.doppel.codec.avro.RegistryKeyCodec}) for sources whose keys were Avro. Implementations
 * are thread-safe.
 */
public interface KeyCodec {

    /** Keys as their UTF-8 bytes: what doppel writes for sources with text (or JSON, or plain) keys. */
    KeyCodec UTF8 = text -> text.getBytes(StandardCharsets.UTF_8);

    /**
     * The bytes of the key {@code text}.
     *
     * @throws BadRecordException if the text cannot be written as this codec's key
     */
    byte[] encode(String text);
}
