package dev.doppel.cluster;

import dev.doppel.errors.BadInputException;
import dev.doppel.errors.KafkaUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka cluster doppel talks to: its client settings (bootstrap servers plus anything from a
 * client config file, such as security settings), and the few admin calls every command needs,
 * each bounded by a timeout and failing with a one-line message instead of hanging.
 */
public final class KafkaCluster implements AutoCloseable {

    private final String bootstrapServers;
    private final Map<String, Object> clientProperties;
    private final Duration timeout;
    private Admin admin;

    private KafkaCluster(String bootstrapServers, Map<String, Object> clientProperties, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.timeout = timeout;
    }

    /**
     * Settings for {@code bootstrapServers}, plus the properties in {@code clientConfig} if not null.
     * Nothing is contacted yet.
     */
    public static KafkaCluster of(String bootstrapServers, Path clientConfig, Duration timeout) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new BadInputException("--bootstrap-servers must name at least one broker, e.g. localhost:9092");
        }
        Map<String, Object> props = new HashMap<>();
        if (clientConfig != null) {
            if (!Files.isRegularFile(clientConfig)) {
                throw new BadInputException("client config file not found: " + clientConfig);
            }
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(clientConfig)) {
                file.load(in);
            } catch (IOException e) {
                throw new BadInputException("cannot read client config file " + clientConfig + ": " + e.getMessage(), e);
            }
            file.forEach((key, value) -> props.put(key.toString(), value));
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaCluster(bootstrapServers, props, timeout);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A copy of the client properties, to add producer-, consumer- or Streams-specific ones to. */
    public Map<String, Object> clientProperties() {
        return new HashMap<>(clientProperties);
    }

    /**
     * Checks that the cluster answers within the timeout.
     *
     * @throws KafkaUnavailableException if it does not
     */
    public void checkReachable() {
        await(admin().describeCluster().nodes(), "reach Kafka at " + bootstrapServers);
    }

    /** True if {@code topic} exists. */
    public boolean topicExists(String topic) {
        return await(admin().listTopics().names(), "list the topics at " + bootstrapServers).contains(topic);
    }

    /**
     * The number of partitions of {@code topic}.
     *
     * @throws KafkaUnavailableException if the topic does not exist
     */
    public int partitions(String topic) {
        try {
            Map<String, TopicDescription> topics = admin().describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return topics.get(topic).partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new KafkaUnavailableException("topic " + topic + " does not exist at " + bootstrapServers);
            }
            throw unavailable("describe topic " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("describe topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("describe topic " + topic, e);
        }
    }

    /** Fails with a one-line message naming {@code what} if {@code topic} does not exist. */
    public void requireTopic(String topic, String what) {
        if (!topicExists(topic)) {
            throw new KafkaUnavailableException(what + " " + topic + " does not exist at " + bootstrapServers);
        }
    }

    /**
     * Creates {@code topic} unless it exists; returns true if it created it. A compacted topic keeps
     * the newest value per key (the model topic).
     */
    public boolean ensureTopic(String topic, int partitions, boolean compacted) {
        if (topicExists(topic)) {
            return false;
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty());
        if (compacted) {
            newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        try {
            admin().createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw unavailable("create topic " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("create topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("create topic " + topic, e);
        }
    }

    /**
     * How many records of {@code topic} the consumer group {@code groupId} has not yet committed
     * past: the sum over partitions of the end offset minus the committed offset (the start offset
     * where nothing is committed yet).
     */
    public long lag(String groupId, String topic) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                await(admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), "read the offsets of " + groupId);
        int partitions = partitions(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        }
        var ends = await(admin().listOffsets(latest).all(), "read the end offsets of " + topic);
        var starts = await(admin().listOffsets(earliest).all(), "read the start offsets of " + topic);
        long lag = 0;
        for (var end : ends.entrySet()) {
            var offset = committed.get(end.getKey());
            long position = offset != null ? offset.offset() : starts.get(end.getKey()).offset();
            lag += Math.max(0, end.getValue().offset() - position);
        }
        return lag;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> props = clientProperties();
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            try {
                admin = Admin.create(props);
            } catch (KafkaException e) {
                throw new BadInputException("bad Kafka client settings: " + rootMessage(e), e);
            }
        }
        return admin;
    }

    private <T> T await(KafkaFuture<T> future, String action) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(action, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(action, e);
        }
    }

    private KafkaUnavailableException unavailable(String action, Throwable cause) {
        String reason = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer within " + timeout.toSeconds() + " s"
                : rootMessage(cause);
        return new KafkaUnavailableException("cannot " + action + ": " + reason, cause);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
