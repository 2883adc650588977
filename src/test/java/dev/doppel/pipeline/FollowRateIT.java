package dev.doppel.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.evaluate.Distances;
import dev.doppel.generate.Generator;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.generate.Pacer;
import dev.doppel.learn.Learner;
import dev.doppel.learn.LearnerConfig;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.publish.FilePublisher;
import dev.doppel.testing.RealData;
import dev.doppel.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --rate follow} on the real flights through the embedded broker, learned in 1-hour
 * windows: the mirror replays the source's rate timeline, so its events-per-hour-of-day profile (read
 * from the mirror's own event-time field) is within total variation distance 0.03 of the source's.
 */
class FollowRateIT {

    private static final long SEED = 2001L;

    @TempDir
    Path workDir;

    @Test
    void theMirrorOfFlightsFollowsTheirHourOfDayProfile() throws Exception {
        EventFile file = RealData.open(RealData.FLIGHTS);
        String source = "flights-follow";
        String models = LearnerConfig.defaultModelTopic(source);
        String mirror = source + ".mirror";

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            cluster.ensureTopic(source, 3, false);
            cluster.ensureTopic(models, 1, true);
            cluster.ensureTopic(mirror, 1, false);
            FilePublisher publisher = new FilePublisher(file,
                    new FilePublisher.Options(source, "date", "origin", FilePublisher.MAX_SPEED), new JsonRowCodec(),
                    cluster.clientProperties());
            publisher.run((line, reason, message) -> { });
            assertThat(publisher.acknowledged()).isEqualTo(163_987);

            LearnerConfig config = new LearnerConfig(source, models, Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(1));
            try (Learner learner = new Learner(config, new JsonRowCodec(), cluster.clientProperties(), "follow-it",
                    workDir.resolve("state"))) {
                learner.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (!(learner.progress().settled() && learner.progress().latestModel() != null
                        && learner.progress().latestModel().events() == publisher.acknowledged())) {
                    learner.checkHealthy();
                    assertThat(System.nanoTime()).as("learner caught up within 3 minutes").isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            ModelSnapshot model = ModelTopicReader.newest(cluster.clientProperties(), models, Duration.ofSeconds(10));
            assertThat(model.rate().timeField()).isEqualTo("date");
            assertThat(model.rate().gaps()).isNotNull();
            System.out.printf("flights rate model: %d windows, mean gap %.0f ms per partition, p50 gap %.0f ms, burstiness %.3f%n",
                    model.timeline().size(), model.rate().meanGapMs(), model.rate().gaps().quantile(0.5), model.rate().burstiness());

            Generator generator = new Generator(model, GeneratorConfig.following(mirror, Pacer.MAX, 0, null, SEED),
                    new JsonRowCodec(), cluster.clientProperties());
            long started = System.nanoTime();
            generator.run();
            System.out.printf("flights follow at max speed: %.1f s to generate%n", (System.nanoTime() - started) / 1e9);
            // Every window's count is replayed exactly: as many events as the source had.
            assertThat(generator.progress().acknowledged()).isEqualTo(163_987);

            Map<String, Long> real = new TreeMap<>();
            file.read((line, reason, message) -> { }, (row, line) -> real.merge(hourOfDay(row), 1L, Long::sum));
            Map<String, Long> synthetic = new TreeMap<>();
            long[] stampedLikeTheirField = {0};
            readAll(cluster.clientProperties(), mirror, 163_987, record -> {
                Row row = new JsonRowCodec().decode(record.value());
                synthetic.merge(hourOfDay(row), 1L, Long::sum);
                if (TimestampFormat.LOCAL_SPACE_SECONDS.tryParse((String) row.get("date")) == record.timestamp()) {
                    stampedLikeTheirField[0]++;
                }
            });
            double tvd = Distances.totalVariation(real, synthetic);
            System.out.printf("flights follow: events-per-hour-of-day TVD %.5f%n", tvd);
            assertThat(tvd).as("events-per-hour-of-day TVD").isLessThanOrEqualTo(0.03);
            assertThat(stampedLikeTheirField[0]).as("records stamped with their event time").isEqualTo(163_987);
        }
    }

    private static String hourOfDay(Row row) {
        long millis = TimestampFormat.LOCAL_SPACE_SECONDS.tryParse((String) row.get("date"));
        return String.format("%02d", Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).getHour());
    }

    static void readAll(Map<String, Object> clientProperties, String topic, long expected,
                        java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("enable.auto.commit", false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(record);
                    read++;
                }
            }
            assertThat(read).as("records read from " + topic).isEqualTo(expected);
        }
    }
}
