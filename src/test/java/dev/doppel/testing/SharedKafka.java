package dev.doppel.testing;

import dev.doppel.embedded.EmbeddedKafka;

/**
 * One embedded KRaft broker for the whole integration-test run (failsafe runs every IT in one JVM),
 * started on first use and stopped by its own shutdown hook when the JVM exits. Tests keep out of
 * each other's way by using their own topic names.
 */
public final class SharedKafka {

    private static EmbeddedKafka broker;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = EmbeddedKafka.start();
        }
        return broker.bootstrapServers();
    }
}
