package dev.doppel.codec;

/**
 * How a topic's record values are encoded. The learner records it in the model, so the generator
 * writes the mirror the way the source is written.
 */
public enum ValueFormat {
    /** A JSON object per record; types inferred from the values. */
    JSON,
    /** Plain Avro binary of one schema known from a file, no header. */
    AVRO,
    /** Avro in the Confluent wire format, schemas in a schema registry: the default with a registry. */
    REGISTRY_AVRO
}
