package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.embedded.EmbeddedKafka;
import dev.doppel.embedded.EmbeddedRegistry;
import dev.doppel.errors.DoppelException;
import dev.doppel.learn.LearnerConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What both demos run on: an embedded broker, the embedded registry for Avro, a client of each, and
 * the source, model and mirror topics. Closing stops the registry and the broker and removes their files.
 */
final class DemoCluster implements AutoCloseable {

    final EmbeddedKafka broker;
    final EmbeddedRegistry registry;
    final KafkaCluster cluster;
    /** The registry's client, or null without a registry (JSON). */
    final SchemaRegistryClient client;
    final String modelTopic;

    private DemoCluster(EmbeddedKafka broker, EmbeddedRegistry registry, KafkaCluster cluster, String modelTopic) {
        this.broker = broker;
        this.registry = registry;
        this.cluster = cluster;
        this.client = registry == null ? null : SchemaRegistryClient.builder(registry.baseUrl()).build();
        this.modelTopic = modelTopic;
    }

    /** Starts the broker (and, for Avro, the registry alongside: a child process that takes a few seconds) and creates the topics. */
    static DemoCluster start(Codecs.Choice valueFormat, String source, int partitions, String mirror) {
        CompletableFuture<EmbeddedRegistry> startingRegistry = valueFormat == Codecs.Choice.AVRO
                ? CompletableFuture.supplyAsync(DemoCluster::startRegistry) : CompletableFuture.completedFuture(null);
        EmbeddedKafka broker = null;
        EmbeddedRegistry registry = null;
        KafkaCluster cluster = null;
        try {
            broker = EmbeddedKafka.start();
            registry = join(startingRegistry);
            cluster = KafkaCluster.of(broker.bootstrapServers(), null, Duration.ofSeconds(30));
            String modelTopic = LearnerConfig.defaultModelTopic(source);
            cluster.ensureTopic(source, partitions, false);
            cluster.ensureTopic(modelTopic, 1, true);
            cluster.ensureTopic(mirror, 1, false);
            return new DemoCluster(broker, registry, cluster, modelTopic);
        } catch (RuntimeException e) {
            // Whatever started is stopped, the registry too when the broker failed before it was joined.
            closeQuietly(cluster);
            closeQuietly(registry != null ? registry : startingRegistry.handle((started, error) -> started).join());
            closeQuietly(broker);
            throw e;
        }
    }

    /** A reader of the source's values: through the registry for Avro. */
    RowCodec reader(Codecs.Choice valueFormat) {
        return Codecs.forReading(valueFormat, client, null);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            try {
                if (registry != null) {
                    registry.close();
                }
            } finally {
                broker.close();
            }
        }
    }

    private static EmbeddedRegistry startRegistry() {
        try {
            return EmbeddedRegistry.start();
        } catch (DoppelException e) {
            throw new DoppelException("the embedded schema registry did not start (" + e.getMessage()
                    + "); run the demo with --value-format json to do without it", e);
        }
    }

    private static EmbeddedRegistry join(CompletableFuture<EmbeddedRegistry> registry) {
        try {
            return registry.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing after a failure: the failure is what the user needs to see.
        }
    }
}
