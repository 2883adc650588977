package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares (not final: doppel profile extends it into an argument group). */
class KafkaOptions {

    @Option(names = {"-b", "--bootstrap-servers"}, required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers to connect to.")
    String bootstrapServers;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Properties file of extra Kafka client settings (security, SASL, TLS), as for Kafka's own tools.")
    Path clientConfig;

    @Option(names = "--timeout", defaultValue = "15s", paramLabel = "DURATION",
            description = "How long to wait for Kafka to answer before giving up (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The cluster's settings; nothing is contacted yet, so local input can be checked first. */
    KafkaCluster settings() {
        return KafkaCluster.of(bootstrapServers, clientConfig, timeout);
    }

    /** The cluster, checked to be reachable. */
    KafkaCluster connect() {
        KafkaCluster cluster = settings();
        try {
            cluster.checkReachable();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }
}
