package dev.doppel.generate;

import dev.doppel.errors.KafkaUnavailableException;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the newest model snapshot from a model topic: the last record of each partition (the topic
 * is compacted, so that is the newest model per key), newest by record timestamp across partitions.
 * Uses no consumer group: reading a model commits nothing.
 */
public final class ModelTopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTopicReader.class);

    private ModelTopicReader() {
    }

    /**
     * Waits up to {@code wait} for a model to be there and returns the newest.
     *
     * @throws KafkaUnavailableException if the topic has no model by then
     */
    public static ModelSnapshot newest(Map<String, Object> clientProperties, String modelTopic, Duration wait) {
        Map<String, Object> props = new java.util.HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(modelTopic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(modelTopic, info.partition()));
            }
            if (partitions.isEmpty()) {
                throw new KafkaUnavailableException("model topic " + modelTopic + " does not exist");
            }
            long deadline = System.nanoTime() + wait.toNanos();
            do {
                ConsumerRecord<byte[], byte[]> newest = lastRecord(consumer, partitions);
                if (newest != null) {
                    return ModelFormat.fromBytes(newest.value());
                }
                sleep(Duration.ofMillis(500));
            } while (System.nanoTime() < deadline);
            throw new KafkaUnavailableException("model topic " + modelTopic + " has no model yet (waited "
                    + wait.toSeconds() + " s): is doppel learn running, and has a window closed?");
        }
    }

    private static ConsumerRecord<byte[], byte[]> lastRecord(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        List<TopicPartition> nonEmpty = new ArrayList<>();
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            long end = ends.get(partition);
            if (end > 0) {
                consumer.seek(partition, end - 1);
                nonEmpty.add(partition);
            }
        }
        ConsumerRecord<byte[], byte[]> newest = null;
        List<TopicPartition> pending = new ArrayList<>(nonEmpty);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() == ends.get(partition) - 1) {
                    pending.remove(partition);
                }
                if (record.value() != null && (newest == null || record.timestamp() >= newest.timestamp())) {
                    newest = record;
                }
            }
        }
        return newest;
    }

    /**
     * Starts following {@code modelTopic} in a background thread: every snapshot published from now
     * on (and the newest one already there) that is newer ({@code builtAt}) than {@code after} goes to
     * {@code onModel}, in that thread. A record that is no model is logged and skipped. Close the
     * follower to stop it.
     */
    public static Follower follow(Map<String, Object> clientProperties, String modelTopic, ModelSnapshot after,
                                  Consumer<ModelSnapshot> onModel) {
        return new Follower(clientProperties, modelTopic, after.builtAt(), onModel);
    }

    /** A background thread following a model topic; see {@link #follow}. */
    public static final class Follower implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean closed;

        private Follower(Map<String, Object> clientProperties, String modelTopic, long builtAfter, Consumer<ModelSnapshot> onModel) {
            Map<String, Object> props = new java.util.HashMap<>(clientProperties);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(modelTopic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(modelTopic, info.partition()));
            }
            consumer.assign(partitions);
            // From the newest record on: one published since the generator read its first model is not missed.
            consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - 1)));
            this.thread = new Thread(() -> poll(onModel, builtAfter), "doppel-model-follower");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll(Consumer<ModelSnapshot> onModel, long builtAfter) {
            long newest = builtAfter;
            try {
                while (!closed) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.value() == null) {
                            continue;
                        }
                        try {
                            ModelSnapshot model = ModelFormat.fromBytes(record.value());
                            if (model.builtAt() > newest) {
                                newest = model.builtAt();
                                onModel.accept(model);
                            }
                        } catch (RuntimeException e) {
                            LOG.warn("skipped model {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        @Override
        public void close() {
            closed = true;
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
