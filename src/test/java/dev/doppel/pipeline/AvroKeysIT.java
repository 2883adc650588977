package dev.doppel.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.Row;
import dev.doppel.codec.avro.AvroSchemas;
import dev.doppel.codec.avro.RegistryAvroCodec;
import dev.doppel.codec.avro.RegistryKeyCodec;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.generate.Generator;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.generate.Pacer;
import dev.doppel.learn.Learner;
import dev.doppel.learn.LearnerConfig;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.FieldRole;
import dev.doppel.testing.SharedKafka;
import dev.doppel.testing.SharedRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources whose record keys are Avro in the registry's wire format, on the embedded broker and a real
 * Apicurio registry: the model keeps the key schema, the mirror's keys are Avro with it under
 * {@code <mirror>-key}, made up (not one is a real key), and keys that cannot be read are counted and
 * skipped like bad values.
 */
class AvroKeysIT {

    private static final int SOURCE_EVENTS = 1_000;
    private static final int SYNTHETIC_EVENTS = 2_000;
    private static final long START = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path workDir;

    @Test
    void longKeysEqualToAnIdFieldGiveMadeUpLongKeysThatAreTheMirrorsIdAndPoisonKeysAreSkipped() throws Exception {
        String source = "orders-avro-keys";
        Schema value = new Schema.Parser().parse("""
                {"type": "record", "name": "Order", "namespace": "test", "fields": [
                  {"name": "order_id", "type": "long"},
                  {"name": "customer", "type": "string"},
                  {"name": "amount", "type": "double"}]}""");
        Schema key = Schema.create(Schema.Type.LONG);
        SchemaRegistryClient registry = SharedRegistry.client();
        RegistryAvroCodec values = RegistryAvroCodec.forWriting(registry, source + "-value", value);
        RegistryKeyCodec keys = RegistryKeyCodec.forWriting(registry, source + "-key", key);

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            Set<String> realKeys = publish(cluster, source, i -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("order_id", 5_000_000L + 7L * i);
                row.put("customer", "C" + (i % 40));
                row.put("amount", 10.0 + i % 97);
                return Row.of(row);
            }, row -> row.get("order_id").toString(), values, keys, List.of(
                    header(keys.writeSchemaId() + 1_000_000, 0x02), // an id the registry never gave
                    header(keys.writeSchemaId(), 0xff, 0xff)));   // a varint cut short
            assertThat(realKeys).hasSize(SOURCE_EVENTS);

            ModelSnapshot model = learn(cluster, source, 2, Map.of("key-unknown-schema-id", 1L, "key-undecodable", 1L));
            assertThat(new Schema.Parser().parse(model.keySchema())).isEqualTo(key);
            assertThat(model.keyField()).isEqualTo("order_id");
            assertThat(model.key().role()).isEqualTo(FieldRole.IDENTIFIER);

            List<Map.Entry<RegistryKeyCodec.Key, Row>> mirror = generate(cluster, registry, source, model);

            assertThat(mirror).hasSize(SYNTHETIC_EVENTS).allSatisfy(record -> {
                assertThat(new Schema.Parser().parse(record.getKey().schema())).isEqualTo(key);
                // The key is the made-up id of its own record.
                assertThat(record.getKey().text()).isEqualTo(record.getValue().get("order_id").toString());
            });
            Set<String> mirrorKeys = keyTexts(mirror);
            assertThat(mirrorKeys).hasSize(SYNTHETIC_EVENTS).doesNotContainAnyElementsOf(realKeys);
        }
    }

    @Test
    void stringKeysOfTheirOwnGiveMadeUpStringKeysInTheirShapeAndAsManyEntities() throws Exception {
        String source = "devices-avro-keys";
        Schema value = new Schema.Parser().parse("""
                {"type": "record", "name": "Reading", "namespace": "test", "fields": [
                  {"name": "celsius", "type": "double"},
                  {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["HOT", "COLD"]}}]}""");
        Schema key = Schema.create(Schema.Type.STRING);
        SchemaRegistryClient registry = SharedRegistry.client();
        RegistryAvroCodec values = RegistryAvroCodec.forWriting(registry, source + "-value", value);
        RegistryKeyCodec keys = RegistryKeyCodec.forWriting(registry, source + "-key", key);

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            List<String> devices = new ArrayList<>();
            for (int i = 0; i < SOURCE_EVENTS; i++) {
                devices.add(String.format("DEV-%04d", (i * 37) % 200));
            }
            Set<String> realKeys = publish(cluster, source, i -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("celsius", 15.0 + i % 10);
                row.put("kind", i % 3 == 0 ? "COLD" : "HOT");
                row.put("device", devices.get(i)); // the key only: removed before writing
                return Row.of(row);
            }, row -> row.get("device").toString(), values, keys, List.of());
            assertThat(realKeys).hasSize(200);

            ModelSnapshot model = learn(cluster, source, 0, Map.of());
            assertThat(new Schema.Parser().parse(model.keySchema())).isEqualTo(key);
            assertThat(model.keyField()).isNull();
            assertThat(model.key().role()).isEqualTo(FieldRole.ENTITY_KEY);

            List<Map.Entry<RegistryKeyCodec.Key, Row>> mirror = generate(cluster, registry, source, model);

            assertThat(mirror).hasSize(SYNTHETIC_EVENTS)
                    .allSatisfy(record -> assertThat(new Schema.Parser().parse(record.getKey().schema())).isEqualTo(key));
            Set<String> mirrorKeys = keyTexts(mirror);
            assertThat(mirrorKeys).doesNotContainAnyElementsOf(realKeys);
            // Entity keys come from a pool as large as the source's distinct count (an HLL estimate,
            // 1.6% relative error: 200 +- 10 at 3 errors); 2,000 draws from 200 miss one with chance 200 e^-10.
            assertThat(mirrorKeys.size()).isBetween(190, 210);
            assertThat(mirrorKeys).allSatisfy(text -> assertThat(text).hasSizeGreaterThanOrEqualTo(8));
        }
    }

    @Test
    void recordKeysGiveMadeUpRecordKeysWhoseFieldsFollowTheValueFieldsTheyEqualledOrTheirOwnShape() throws Exception {
        String source = "shipments-avro-keys";
        Schema value = new Schema.Parser().parse("""
                {"type": "record", "name": "Shipment", "namespace": "test", "fields": [
                  {"name": "order_id", "type": "long"},
                  {"name": "region", "type": "string"},
                  {"name": "kg", "type": "double"}]}""");
        Schema key = new Schema.Parser().parse("""
                {"type": "record", "name": "ShipmentKey", "namespace": "test", "fields": [
                  {"name": "order_id", "type": "long"},
                  {"name": "region", "type": "string"},
                  {"name": "batch", "type": ["null", "string"], "default": null}]}""");
        SchemaRegistryClient registry = SharedRegistry.client();
        RegistryAvroCodec values = RegistryAvroCodec.forWriting(registry, source + "-value", value);
        RegistryKeyCodec keys = RegistryKeyCodec.forWriting(registry, source + "-key", key);
        String[] regions = {"eu", "us", "ap"};

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            Set<String> realBatches = new HashSet<>();
            Set<String> realKeys = publish(cluster, source, i -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("order_id", 9_000_000L + 13L * i);
                row.put("region", regions[i % 3]);
                row.put("kg", 1.0 + i % 17);
                return Row.of(row);
            }, row -> {
                String batch = String.format("B-%03d", row.get("order_id").hashCode() % 50);
                realBatches.add(batch);
                return "{\"order_id\": " + row.get("order_id") + ", \"region\": \"" + row.get("region") + "\", \"batch\": \"" + batch + "\"}";
            }, values, keys, List.of());
            Set<String> realKeyTexts = new HashSet<>();
            RegistryKeyCodec reader = RegistryKeyCodec.forReading(SharedRegistry.client());
            TopicRows.readWithKeys(cluster.clientProperties(), source, RegistryAvroCodec.forReading(SharedRegistry.client()), 0,
                    Duration.ofSeconds(30), (bytes, row) -> realKeyTexts.add(reader.decode(bytes).text()));
            assertThat(realKeyTexts).hasSize(SOURCE_EVENTS);
            assertThat(realKeys).hasSize(SOURCE_EVENTS);

            ModelSnapshot model = learn(cluster, source, 0, Map.of());
            assertThat(new Schema.Parser().parse(model.keySchema())).isEqualTo(key);
            assertThat(model.keyFields()).extracting(field -> field.name() + "=" + field.valueField())
                    .containsExactly("order_id=order_id", "region=null", "batch=null");

            List<Map.Entry<RegistryKeyCodec.Key, Row>> mirror = generate(cluster, registry, source, model);

            assertThat(mirror).hasSize(SYNTHETIC_EVENTS).allSatisfy(record -> {
                assertThat(new Schema.Parser().parse(record.getKey().schema())).isEqualTo(key);
                Map<String, Object> fields = record.getKey().fields();
                assertThat(fields).containsOnlyKeys("order_id", "region", "batch");
                // order_id is the record's own made-up id; region and batch are made up in their shapes, never a real one.
                assertThat(fields.get("order_id")).isEqualTo(record.getValue().get("order_id"));
                assertThat(fields.get("region")).isNotIn((Object[]) regions);
                assertThat(fields.get("batch")).isNotNull().isNotIn(realBatches.toArray());
            });
            assertThat(keyTexts(mirror)).hasSize(SYNTHETIC_EVENTS).doesNotContainAnyElementsOf(realKeyTexts);
        }
    }

    /**
     * Writes {@link #SOURCE_EVENTS} rows, each keyed by the Avro key of {@code keyOf}, then the
     * {@code poisonKeys} with a good value; returns the set of real keys.
     */
    private static Set<String> publish(KafkaCluster cluster, String topic, IntFunction<Row> rows,
                                       java.util.function.Function<Row, String> keyOf, RegistryAvroCodec values,
                                       RegistryKeyCodec keys, List<byte[]> poisonKeys) throws Exception {
        cluster.ensureTopic(topic, 2, false);
        Set<String> realKeys = new HashSet<>();
        Row last = null;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < SOURCE_EVENTS; i++) {
                Row row = rows.apply(i);
                String key = keyOf.apply(row);
                realKeys.add(key);
                Map<String, Object> written = new LinkedHashMap<>(row.values());
                written.remove("device");
                last = Row.of(written);
                producer.send(new ProducerRecord<>(topic, null, START + i * 1_000L, keys.encode(key), values.encode(last)));
            }
            for (byte[] poison : poisonKeys) {
                producer.send(new ProducerRecord<>(topic, 0, START, poison, values.encode(last))).get();
            }
            producer.flush();
        }
        return realKeys;
    }

    private ModelSnapshot learn(KafkaCluster cluster, String source, long bad, Map<String, Long> reasons) throws Exception {
        String models = LearnerConfig.defaultModelTopic(source);
        cluster.ensureTopic(models, 1, true);
        LearnerConfig config = new LearnerConfig(source, models, Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofSeconds(1));
        try (Learner learner = new Learner(config, RegistryAvroCodec.forReading(SharedRegistry.client()), cluster.clientProperties(),
                source + "-it", workDir.resolve(source + "-state"))) {
            learner.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!(learner.progress().settled() && learner.progress().latestModel() != null
                    && learner.progress().latestModel().events() == SOURCE_EVENTS && learner.progress().badRecordTotal() == bad)) {
                learner.checkHealthy();
                assertThat(System.nanoTime()).as("learner caught up within 3 minutes; bad %s, model %s events", learner.progress().badRecords(),
                        learner.progress().latestModel() == null ? 0 : learner.progress().latestModel().events()).isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(learner.progress().badRecords()).isEqualTo(reasons);
        }
        return ModelTopicReader.newest(cluster.clientProperties(), models, Duration.ofSeconds(10));
    }

    /** Generates the mirror as {@code doppel generate} does with the default subject strategy; returns its keys and rows. */
    private static List<Map.Entry<RegistryKeyCodec.Key, Row>> generate(KafkaCluster cluster, SchemaRegistryClient registry,
                                                                      String source, ModelSnapshot model) {
        String mirror = source + ".mirror";
        cluster.ensureTopic(mirror, 1, false);
        Schema valueSchema = new Schema.Parser().parse(model.valueSchema());
        Schema keySchema = new Schema.Parser().parse(model.keySchema());
        RegistryAvroCodec values = RegistryAvroCodec.forWriting(registry, AvroSchemas.subject(AvroSchemas.SubjectStrategy.TOPIC, mirror, valueSchema),
                valueSchema);
        RegistryKeyCodec keys = RegistryKeyCodec.forWriting(registry, AvroSchemas.keySubject(AvroSchemas.SubjectStrategy.TOPIC, mirror, keySchema),
                keySchema);
        new Generator(model, new GeneratorConfig(mirror, Pacer.MAX, SYNTHETIC_EVENTS, null, 2024), values, keys, cluster.clientProperties()).run();

        assertThat(new Schema.Parser().parse(registry.latestVersion(mirror + "-key").schema().text())).isEqualTo(keySchema);
        RegistryKeyCodec reader = RegistryKeyCodec.forReading(SharedRegistry.client());
        List<Map.Entry<RegistryKeyCodec.Key, Row>> records = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        long bad = TopicRows.readWithKeys(cluster.clientProperties(), mirror, RegistryAvroCodec.forReading(SharedRegistry.client()), 0,
                Duration.ofSeconds(30), (key, row) -> {
                    ids.add(ByteBuffer.wrap(key, 1, 4).getInt());
                    records.add(Map.entry(reader.decode(key), row));
                });
        assertThat(bad).isZero();
        assertThat(ids).containsOnly(keys.writeSchemaId());
        return records;
    }

    private static Set<String> keyTexts(List<Map.Entry<RegistryKeyCodec.Key, Row>> records) {
        Set<String> texts = new HashSet<>();
        records.forEach(record -> texts.add(record.getKey().text()));
        return texts;
    }

    private static byte[] header(int id, int... payload) {
        ByteBuffer bytes = ByteBuffer.allocate(5 + payload.length);
        bytes.put((byte) 0).putInt(id);
        for (int b : payload) {
            bytes.put((byte) b);
        }
        return bytes.array();
    }
}
