package dev.doppel.learn;

import dev.doppel.codec.RowCodec;
import dev.doppel.model.ModelBuilder;
import dev.doppel.stats.RecentWindows;
import dev.doppel.stats.StatsFormat;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.LogAndSkipOnInvalidTimestamp;
import org.apache.kafka.streams.state.Stores;

/**
 * The learner's Kafka Streams topology, in two stages so that it scales with partitions:
 *
 * <pre>
 * source topic ─► decode ─► bad records ─► dead-letter topic (optional, with doppel.* headers)
 *                        ─► window-stats (per partition: windowed statistics)
 *              ─► window-reports repartition topic (one partition, keyed by source topic)
 *              ─► model-builder (merge into TopicStats, build a model) ─► model topic
 * </pre>
 *
 * Windows are in event time: the record timestamp. Records with an invalid (negative) timestamp are
 * logged and skipped by Kafka Streams itself.
 */
public final class LearnTopology {

    private LearnTopology() {
    }

    public static Topology build(LearnerConfig config, RowCodec codec, ModelBuilder builder, LearnProgress progress) {
        StreamsBuilder streams = new StreamsBuilder();
        streams.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ModelMergeProcessor.STORE), Serdes.String(), StatsFormat.topicStatsSerde()));
        String[] stores = {ModelMergeProcessor.STORE};
        if (config.horizon() > 0) {
            streams.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(ModelMergeProcessor.RECENT_STORE), Serdes.String(), RecentWindows.serde()));
            stores = new String[] {ModelMergeProcessor.STORE, ModelMergeProcessor.RECENT_STORE};
        }
        KStream<byte[], Decoded> decoded = streams.stream(config.sourceTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withTimestampExtractor(new LogAndSkipOnInvalidTimestamp())
                        .withName("source"))
                .processValues(() -> new DecodeProcessor(codec, progress), Named.as("decode"));
        if (config.deadLetterTopic() != null) {
            decoded.filter((key, value) -> !value.ok(), Named.as("bad-records"))
                    .mapValues((key, value) -> value.raw(), Named.as("raw-bytes"))
                    .to(config.deadLetterTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters"));
        }
        decoded.filter((key, value) -> value.ok(), Named.as("good-records"))
                .process(() -> new WindowStatsProcessor(config, progress), Named.as("window-stats"))
                .repartition(Repartitioned.with(Serdes.String(), StatsFormat.windowStatsSerde())
                        .withName("window-reports")
                        .withNumberOfPartitions(1))
                .process(() -> new ModelMergeProcessor(config, codec.format(), builder, progress), Named.as("model-builder"), stores)
                .to(config.modelTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("model"));
        return streams.build();
    }
}
