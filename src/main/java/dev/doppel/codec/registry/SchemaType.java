package dev.doppel.codec.registry;

import java.util.Locale;

/** The schema languages the Confluent REST API knows; the wire name is the constant's name. */
public enum SchemaType {
    AVRO,
    JSON,
    PROTOBUF;

    /**
     * Reads the {@code schemaType} field of a registry response. Registries omit the field for Avro
     * (Confluent before 5.5, Apicurio always), so {@code null} or blank means {@link #AVRO}.
     *
     * @throws IllegalArgumentException if the name is none of the known types
     */
    public static SchemaType fromWireName(String wireName) {
        if (wireName == null || wireName.isBlank()) {
            return AVRO;
        }
        try {
            return valueOf(wireName.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown schemaType '" + wireName + "'; expected AVRO, JSON or PROTOBUF", e);
        }
    }
}
