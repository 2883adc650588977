package dev.doppel.evaluate;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.errors.KafkaUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its beginning up to the end offsets it has when reading starts, decoding each
 * record value into a {@link Row}. Uses no consumer group. Records that do not decode are counted.
 */
public final class TopicRows {

    private TopicRows() {
    }

    /**
     * Hands every decodable record to {@code rows}, at most {@code max} of them (0: no limit);
     * returns how many records did not decode.
     *
     * @throws KafkaUnavailableException if the topic is missing or reading stalls for {@code stall}
     */
    public static long read(Map<String, Object> clientProperties, String topic, RowCodec codec, long max, Duration stall,
                            Consumer<Row> rows) {
        return readWithKeys(clientProperties, topic, codec, max, stall, (key, row) -> rows.accept(row));
    }

    /** As {@link #read(Map, String, RowCodec, long, Duration, Consumer)}, with each record's key (null if none). */
    public static long readWithKeys(Map<String, Object> clientProperties, String topic, RowCodec codec, long max, Duration stall,
                                    BiConsumer<byte[], Row> rows) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long bad = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, stall);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaUnavailableException("topic " + topic + " does not exist");
            }
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, stall));
            ends.values().removeIf(end -> end == 0);
            ends.keySet().removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            long read = 0;
            long lastProgress = System.nanoTime();
            while (!ends.isEmpty() && (max == 0 || read < max)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    lastProgress = System.nanoTime();
                    if (max != 0 && read >= max) {
                        break;
                    }
                    try {
                        rows.accept(record.key(), codec.decode(record.value()));
                        read++;
                    } catch (BadRecordException e) {
                        bad++;
                    }
                }
                ends.keySet().removeIf(partition -> consumer.position(partition) >= ends.get(partition));
                if (System.nanoTime() - lastProgress > stall.toNanos()) {
                    throw new KafkaUnavailableException("reading " + topic + " stalled for " + stall.toSeconds() + " s");
                }
            }
        }
        return bad;
    }
}
