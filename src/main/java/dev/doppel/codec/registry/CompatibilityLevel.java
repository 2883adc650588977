package dev.doppel.codec.registry;

/**
 * The compatibility rules a registry enforces when a new version is registered under a subject.
 * Confluent's default is {@link #BACKWARD}; Apicurio's is {@link #NONE}.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE
}
