package dev.doppel.evaluate;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.RowCodec;
import dev.doppel.errors.KafkaUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows a topic from a point in time on, without a consumer group, handing each decodable record
 * to a {@link SlidingWindow} with its record timestamp. Records that do not decode are counted.
 */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RowCodec codec;
    private long undecodable;

    /**
     * @throws KafkaUnavailableException if the topic does not exist
     */
    public TopicTail(Map<String, Object> clientProperties, String topic, RowCodec codec, long fromTimestamp, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.codec = codec;
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaUnavailableException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            Map<TopicPartition, Long> from = new HashMap<>();
            for (PartitionInfo info : infos) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                partitions.add(partition);
                from.put(partition, fromTimestamp);
            }
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(from, timeout);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                if (offset == null) {
                    consumer.seekToEnd(List.of(partition)); // nothing that recent yet: only what comes
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Polls once for up to {@code wait}, adding what arrives to {@code window}; returns how many records came. */
    public int poll(Duration wait, SlidingWindow window) {
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            count++;
            try {
                window.add(record.timestamp(), codec.decode(record.value()));
            } catch (BadRecordException e) {
                undecodable++;
            }
        }
        return count;
    }

    public long undecodable() {
        return undecodable;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
