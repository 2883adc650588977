package dev.doppel.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.FieldType;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.codec.Row;
import dev.doppel.codec.ValueFormat;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.model.CategoricalMarginal;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.NumericMarginal;
import dev.doppel.testing.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A running generator picks up a newer model from the model topic without stopping: later events have its new field. */
class HotSwapIT {

    private static ModelSnapshot model(long builtAt, boolean withNewField) {
        List<FieldModel> fields = new ArrayList<>();
        fields.add(new FieldModel("amount", FieldType.LONG, null, 0, new NumericMarginal(new double[] {1, 2}, new double[] {0.5, 1}), null, 0));
        if (withNewField) {
            fields.add(new FieldModel("channel", FieldType.STRING, null, 0, null,
                    new CategoricalMarginal(List.of("web", "app"), new double[] {0.5, 0.5}, 0), 0));
        }
        return new ModelSnapshot("orders", ValueFormat.JSON, null, builtAt, 60_000, 1, 100, 0, 59_999,
                new TreeMap<>(Map.of(0L, 100L)), fields);
    }

    @Test
    void aGeneratorSwapsToANewerModelWithANewFieldWhileItRuns() throws Exception {
        String models = "orders.swap-models";
        String mirror = "orders.swap-mirror";
        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<>(cluster.clientProperties()),
                     new StringSerializer(), new ByteArraySerializer())) {
            cluster.ensureTopic(models, 1, true);
            cluster.ensureTopic(mirror, 1, false);
            producer.send(new ProducerRecord<>(models, "orders", ModelFormat.toBytes(model(1_000, false)))).get();

            ModelSnapshot first = ModelTopicReader.newest(cluster.clientProperties(), models, Duration.ofSeconds(10));
            Generator generator = new Generator(first, new GeneratorConfig(mirror, 2_000, 0, null, 9L), new JsonRowCodec(),
                    cluster.clientProperties());
            try (ModelTopicReader.Follower follower = ModelTopicReader.follow(cluster.clientProperties(), models, first,
                    newer -> generator.swapTo(newer, new JsonRowCodec()))) {
                CompletableFuture<Void> running = CompletableFuture.runAsync(generator::run);
                waitFor(() -> generator.progress().sent() >= 500);
                producer.send(new ProducerRecord<>(models, "orders", ModelFormat.toBytes(model(2_000, true)))).get();
                waitFor(() -> generator.progress().modelSwaps() == 1);
                long sentAtSwap = generator.progress().sent();
                waitFor(() -> generator.progress().sent() >= sentAtSwap + 500);
                assertThat(running).as("the generator never stopped").isNotDone();
                generator.stop();
                running.get(30, TimeUnit.SECONDS);
            }

            List<Row> rows = new ArrayList<>();
            TopicRows.read(cluster.clientProperties(), mirror, new JsonRowCodec(), generator.progress().acknowledged(),
                    Duration.ofSeconds(20), rows::add);
            assertThat(rows).hasSize((int) generator.progress().acknowledged());
            int firstWithField = -1;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).values().containsKey("channel")) {
                    firstWithField = i;
                    break;
                }
            }
            assertThat(firstWithField).as("first event of the newer model").isGreaterThanOrEqualTo(500);
            assertThat(rows.subList(0, firstWithField)).allSatisfy(row -> assertThat(row.values().keySet()).containsExactly("amount"));
            assertThat(rows.subList(firstWithField, rows.size())).hasSizeGreaterThanOrEqualTo(500)
                    .allSatisfy(row -> assertThat(row.values().keySet()).containsExactly("amount", "channel"));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
