package dev.doppel.codec.registry;

import java.util.Objects;

/**
 * One version of a subject: which schema it holds and under which global id. Ids are unique per
 * registry but need not be contiguous or start at 1 (Apicurio's are neither).
 *
 * @param subject the subject, never null
 * @param version the subject's version number, starting at 1
 * @param id the registry-wide schema id, as written in the Confluent wire format
 * @param schema the schema, never null
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
