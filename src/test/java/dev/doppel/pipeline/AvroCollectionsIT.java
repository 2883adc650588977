package dev.doppel.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.Row;
import dev.doppel.codec.avro.RegistryAvroCodec;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.evaluate.Distances;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.generate.Generator;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.generate.Pacer;
import dev.doppel.learn.Learner;
import dev.doppel.learn.LearnerConfig;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.testing.SharedKafka;
import dev.doppel.testing.SharedRegistry;
import dev.doppel.testing.Tolerances;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro arrays and maps through the broker and the real registry: records with an array of strings,
 * an array of records, a map and a nullable array are learned, and the mirror, written with the
 * source's schema, decodes and has the source's lengths and elements.
 */
class AvroCollectionsIT {

    private static final int EVENTS = 3_000;
    private static final List<String> COLOURS = List.of("red", "green", "blue", "black");

    @TempDir
    Path workDir;

    @Test
    void arraysAndMapsAreLearnedAndTheMirrorHasTheirLengthsAndElements() throws Exception {
        String source = "orders-collections";
        String models = LearnerConfig.defaultModelTopic(source);
        String mirror = source + ".mirror";
        SchemaRegistryClient registry = SharedRegistry.client();
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Order", "namespace": "test", "fields": [
                  {"name": "amount", "type": "double"},
                  {"name": "tags", "type": {"type": "array", "items": "string"}},
                  {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
                    {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}]}}},
                  {"name": "attrs", "type": {"type": "map", "values": "long"}},
                  {"name": "scores", "type": ["null", {"type": "array", "items": "double"}], "default": null}
                ]}""");
        RegistryAvroCodec writer = RegistryAvroCodec.forWriting(registry, source + "-value", schema);
        List<Row> real = new ArrayList<>();

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            cluster.ensureTopic(source, 1, false);
            cluster.ensureTopic(models, 1, true);
            cluster.ensureTopic(mirror, 1, false);
            SplittableRandom random = new SplittableRandom(5);
            long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientProperties(), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < EVENTS; i++) {
                    Row row = order(random);
                    real.add(row);
                    producer.send(new ProducerRecord<>(source, 0, start + i * 1_000L, null, writer.encode(row)));
                }
                producer.flush();
            }

            LearnerConfig config = new LearnerConfig(source, models, Duration.ofHours(1), Duration.ofDays(1), Duration.ofSeconds(1));
            try (Learner learner = new Learner(config, RegistryAvroCodec.forReading(SharedRegistry.client()), cluster.clientProperties(),
                    "collections-it", workDir.resolve("state"))) {
                learner.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (!(learner.progress().settled() && learner.progress().latestModel() != null
                        && learner.progress().latestModel().events() == EVENTS)) {
                    learner.checkHealthy();
                    assertThat(System.nanoTime()).as("learner caught up within 2 minutes").isLessThan(deadline);
                    Thread.sleep(200);
                }
                assertThat(learner.progress().badRecordTotal()).isZero();
            }

            ModelSnapshot model = ModelTopicReader.newest(cluster.clientProperties(), models, Duration.ofSeconds(10));
            assertThat(model.field("tags[]#length")).isNotNull();
            assertThat(model.field("items[].sku").categorical().values()).containsExactlyInAnyOrder("A1", "B2");
            RegistryAvroCodec mirrorWriter = RegistryAvroCodec.forWriting(registry, mirror + "-value", new Schema.Parser().parse(model.valueSchema()));
            new Generator(model, new GeneratorConfig(mirror, Pacer.MAX, EVENTS, null, 23), mirrorWriter, cluster.clientProperties()).run();

            assertThat(new Schema.Parser().parse(registry.latestVersion(mirror + "-value").schema().text())).isEqualTo(schema);
            List<Row> synthetic = new ArrayList<>();
            long bad = TopicRows.read(cluster.clientProperties(), mirror, RegistryAvroCodec.forReading(SharedRegistry.client()), 0,
                    Duration.ofSeconds(20), synthetic::add);
            assertThat(bad).isZero();
            assertThat(synthetic).hasSize(EVENTS).allSatisfy(row -> {
                assertThat((List<?>) row.get("tags[]")).hasSize(((Number) row.get("tags[]#length")).intValue());
                assertThat((List<?>) row.get("items[].qty")).hasSize(((Number) row.get("items[]#length")).intValue());
            });

            for (String length : List.of("tags[]#length", "items[]#length", "attrs{}#length")) {
                double[] a = numbers(real, length);
                double[] b = numbers(synthetic, length);
                double tolerance = Tolerances.ks(a.length, b.length);
                assertThat(dev.doppel.evaluate.Distances.kolmogorovSmirnov(a, b)).as("%s KS (tolerance %.4f)", length, tolerance).isLessThanOrEqualTo(tolerance);
            }
            for (String elements : List.of("tags[]", "items[].sku", "attrs{}#key")) {
                Map<String, Long> realCounts = counts(real, elements);
                Map<String, Long> syntheticCounts = counts(synthetic, elements);
                long m = syntheticCounts.values().stream().mapToLong(Long::longValue).sum();
                double tolerance = Tolerances.tvd(realCounts, m, 0);
                assertThat(Distances.totalVariation(realCounts, syntheticCounts)).as("%s TVD (tolerance %.4f)", elements, tolerance)
                        .isLessThanOrEqualTo(tolerance);
            }
            double realNull = real.stream().filter(row -> row.get("scores[]#length") == null).count() / (double) EVENTS;
            double syntheticNull = synthetic.stream().filter(row -> row.get("scores[]#length") == null).count() / (double) EVENTS;
            assertThat(Math.abs(syntheticNull - realNull)).isLessThanOrEqualTo(2 * Tolerances.binomial(realNull, EVENTS));
        }
    }

    /** tags: 0-4 colours (uniform length); items: 1 or 2 (70/30); attrs: 0-2 of three keys; scores null a quarter of the time. */
    private static Row order(SplittableRandom random) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("amount", Math.round(random.nextDouble() * 10_000) / 100.0);
        int tags = random.nextInt(5);
        List<Object> colours = new ArrayList<>();
        for (int i = 0; i < tags; i++) {
            colours.add(COLOURS.get(random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(3)));
        }
        values.put("tags[]#length", (long) tags);
        values.put("tags[]", colours);
        int items = random.nextDouble() < 0.7 ? 1 : 2;
        List<Object> skus = new ArrayList<>();
        List<Object> quantities = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            skus.add(random.nextBoolean() ? "A1" : "B2");
            quantities.add(1L + random.nextInt(9));
        }
        values.put("items[]#length", (long) items);
        values.put("items[].sku", skus);
        values.put("items[].qty", quantities);
        List<String> keys = new ArrayList<>(List.of("size", "colour", "weight"));
        int attrs = random.nextInt(3);
        List<Object> chosen = new ArrayList<>();
        List<Object> numbers = new ArrayList<>();
        for (int i = 0; i < attrs; i++) {
            chosen.add(keys.remove(random.nextInt(keys.size())));
            numbers.add((long) random.nextInt(50));
        }
        values.put("attrs{}#length", (long) attrs);
        values.put("attrs{}#key", chosen);
        values.put("attrs{}", numbers);
        if (random.nextInt(4) == 0) {
            values.put("scores[]#length", null);
            values.put("scores[]", List.of());
        } else {
            values.put("scores[]#length", 1L);
            values.put("scores[]", List.of(random.nextDouble()));
        }
        return Row.of(values);
    }

    private static double[] numbers(List<Row> rows, String path) {
        return rows.stream().map(row -> row.get(path)).filter(value -> value != null)
                .mapToDouble(value -> ((Number) value).doubleValue()).sorted().toArray();
    }

    private static Map<String, Long> counts(List<Row> rows, String path) {
        Map<String, Long> counts = new TreeMap<>();
        rows.forEach(row -> ((List<?>) row.get(path)).forEach(element -> counts.merge(element.toString(), 1L, Long::sum)));
        return counts;
    }
}
