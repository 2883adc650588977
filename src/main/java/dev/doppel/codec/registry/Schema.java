package dev.doppel.codec.registry;

import java.util.Objects;

/**
 * A schema as the registry stores it: its language and its text, exactly as sent or received (the
 * client neither parses nor normalizes it, so two texts that differ only in whitespace are two keys
 * in its caches, while the registry may well give them one id).
 *
 * @param type the schema language, never null
 * @param text the schema text, never null or blank
 */
public record Schema(SchemaType type, String text) {

    public Schema {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("schema text is blank");
        }
    }

    /** An Avro schema given as its JSON text. */
    public static Schema avro(String text) {
        return new Schema(SchemaType.AVRO, text);
    }
}
