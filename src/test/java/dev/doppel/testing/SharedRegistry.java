package dev.doppel.testing;

import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.embedded.EmbeddedRegistry;

/**
 * One real Apicurio schema registry for the whole integration-test run, started on first use and
 * stopped by its own shutdown hook when the JVM exits. Tests use their own subjects.
 */
public final class SharedRegistry {

    private static EmbeddedRegistry registry;

    private SharedRegistry() {
    }

    public static synchronized String baseUrl() {
        if (registry == null) {
            registry = EmbeddedRegistry.start();
        }
        return registry.baseUrl();
    }

    /** A fresh client (its own caches) for the shared registry. */
    public static SchemaRegistryClient client() {
        return SchemaRegistryClient.builder(baseUrl()).build();
    }
}
