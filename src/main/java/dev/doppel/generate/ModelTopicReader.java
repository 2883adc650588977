package dev.doppel.generate;

import dev.doppel.errors.KafkaUnavailableException;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the newest model snapshot from a model topic: the last record of each partition (the topic
 * is compacted, so that is the newest model per key), newest by record timestamp across partitions.
 * Uses no consumer group: reading a model commits nothing.
 */
public final class ModelTopicReader {

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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
