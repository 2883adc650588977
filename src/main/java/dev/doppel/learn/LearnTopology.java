package dev.doppel.learn;

import dev.doppel.codec.RowCodec;
import dev.doppel.model.ModelBuilder;
import dev.doppel.stats.RecentWindows;
import dev.doppel.stats.StatsFormat;
import dev.doppel.stats.WindowStats;
import java.nio.charset.StandardCharsets;
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
 *                        ─► window-stats (per partition: windowed statistics) ───────────────┐
 *                        ─► entity key ─► entities repartition topic (keyed by entity; only  │
 *                           with a key or state field)                                         │
 *                           ─► entity-stats (per key: lifecycles, transitions; entities store) ─┤
 *              ─► window-reports repartition topic (one partition, keyed by source topic) ◄──┘
 *              ─► model-builder (merge into TopicStats, build a model) ─► model topic
 * </pre>
 *
 * Windows are in event time: the record timestamp. Records with an invalid (negative) timestamp are
 * logged and skipped by Kafka Streams itself. Events without an entity key (no record key, or no
 * value in the key field) skip the entity branch. Because both stages' reports merge into one
 * stream, window-stats and entity-stats run in the same tasks, which read the source topic and the
 * entities repartition topic together: each stage keeps its own stream time.
 */
public final class LearnTopology {

    /** Name of the repartition step that groups events by entity. */
    private static final String ENTITIES = "entities";

    private LearnTopology() {
    }

    /**
     * The internal topic that carries events to the per-key stage: a learner has learned everything
     * it read only once its group has no lag here either.
     */
    public static String entitiesTopic(String applicationId) {
        return applicationId + "-" + ENTITIES + "-repartition";
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
        KStream<byte[], Decoded> good = decoded.filter((key, value) -> value.ok(), Named.as("good-records"));
        KStream<String, WindowStats> windowReports = good
                .process(() -> new WindowStatsProcessor(config, progress), Named.as("window-stats"));
        if (config.learnsSequences()) {
            streams.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(SequenceProcessor.STORE), Serdes.String(), EntityState.serde()));
            KStream<String, WindowStats> entityReports = good
                    .selectKey((key, value) -> entityKey(config, key, value), Named.as("entity-key"))
                    .filter((entity, value) -> entity != null, Named.as("keyed-records")) // no key: no entity
                    .mapValues(value -> EntityEvent.of(value.row()), Named.as("entity-event"))
                    .repartition(Repartitioned.with(Serdes.String(), EntityEvent.serde()).withName(ENTITIES))
                    .process(() -> new SequenceProcessor(config, progress), Named.as("entity-stats"), SequenceProcessor.STORE);
            windowReports = windowReports.merge(entityReports, Named.as("all-reports"));
        }
        windowReports
                .repartition(Repartitioned.with(Serdes.String(), StatsFormat.windowStatsSerde())
                        .withName("window-reports")
                        .withNumberOfPartitions(1))
                .process(() -> new ModelMergeProcessor(config, codec.format(), builder, progress), Named.as("model-builder"), stores)
                .to(config.modelTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("model"));
        return streams.build();
    }

    /**
     * The entity an event belongs to: its key field's value, or its record key (an Avro key's text,
     * else the bytes read as UTF-8); null if it has none. Used only to group events, never kept in the
     * model.
     */
    private static String entityKey(LearnerConfig config, byte[] recordKey, Decoded event) {
        if (config.keyField() != null) {
            Object value = event.row().get(config.keyField());
            return value == null ? null : value.toString();
        }
        if (event.avroKey()) {
            return event.keyText();
        }
        return recordKey == null ? null : new String(recordKey, StandardCharsets.UTF_8);
    }
}
