package dev.doppel.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.ValueFormat;
import dev.doppel.codec.avro.AvroSchemas;
import dev.doppel.codec.avro.RegistryAvroCodec;
import dev.doppel.codec.avro.RenamingCodec;
import dev.doppel.codec.registry.CompatibilityLevel;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.evaluate.MarginalComparison;
import dev.doppel.evaluate.MarginalComparison.FieldComparison;
import dev.doppel.evaluate.TopicRows;
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
import dev.doppel.testing.SharedRegistry;
import dev.doppel.testing.Tolerances;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow with Avro in the registry's wire format, on the embedded broker and a real Apicurio
 * registry: the real storms file (nulls, strings, correlated numbers) is published as Avro, poison
 * pills are mixed in, and the mirror must decode with the source's schema and match each marginal.
 */
class AvroPipelineIT {

    private static final long SYNTHETIC_EVENTS = 20_000;

    @TempDir
    Path workDir;

    @Test
    void stormsPublishedAsAvroGiveAnAvroMirrorWithTheSourcesSchemaAndMarginals() throws Exception {
        EventFile file = RealData.open(RealData.STORMS);
        String source = "storms-avro";
        String models = LearnerConfig.defaultModelTopic(source);
        String mirror = source + ".mirror";
        SchemaRegistryClient registry = SharedRegistry.client();

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            cluster.ensureTopic(source, 2, false);
            cluster.ensureTopic(models, 1, true);
            cluster.ensureTopic(mirror, 1, false);

            AvroSchemas.Inferred inferred = AvroSchemas.infer(source, file.types());
            String sourceSubject = source + "-value";
            RegistryAvroCodec writer = RegistryAvroCodec.forWriting(registry, sourceSubject, inferred.schema());
            RowCodec renaming = new RenamingCodec(writer, inferred);
            FilePublisher publisher = new FilePublisher(file, new FilePublisher.Options(source, "ts", "storm_id", FilePublisher.MAX_SPEED),
                    renaming, cluster.clientProperties());
            publisher.run((line, reason, message) -> { });
            assertThat(publisher.acknowledged()).isEqualTo(11_859);

            int unknownId = writer.writeSchemaId() + 1_000_000;
            sendPoisonPills(cluster, source, writer.writeSchemaId(), unknownId);

            LearnerConfig config = new LearnerConfig(source, models, Duration.ofDays(365),
                    Duration.ofDays(365 * 60), Duration.ofSeconds(1)); // the file is sorted by storm, not by time: no event may be late
            try (Learner learner = new Learner(config, RegistryAvroCodec.forReading(SharedRegistry.client()), cluster.clientProperties(),
                    "avro-pipeline-it", workDir.resolve("state"))) {
                learner.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (!(learner.progress().settled() && learner.progress().latestModel() != null
                        && learner.progress().latestModel().events() == 11_859 && learner.progress().badRecordTotal() == 3)) {
                    learner.checkHealthy();
                    assertThat(System.nanoTime()).as("learner caught up within 3 minutes; bad %s, late %d, model %s events",
                            learner.progress().badRecords(), learner.progress().lateEvents(),
                            learner.progress().latestModel() == null ? 0 : learner.progress().latestModel().events()).isLessThan(deadline);
                    Thread.sleep(200);
                }
                assertThat(learner.progress().badRecords()).containsOnly(
                        Map.entry("no-magic-byte", 1L), Map.entry("unknown-schema-id", 1L), Map.entry("undecodable", 1L));
            }

            ModelSnapshot model = ModelTopicReader.newest(cluster.clientProperties(), models, Duration.ofSeconds(10));
            assertThat(model.valueFormat()).isEqualTo(ValueFormat.REGISTRY_AVRO);
            assertThat(new Schema.Parser().parse(model.valueSchema())).isEqualTo(inferred.schema());
            assertThat(model.field("storm_id").role()).isEqualTo(dev.doppel.profile.FieldRole.ENTITY_KEY);

            RegistryAvroCodec mirrorWriter = RegistryAvroCodec.forWriting(registry, mirror + "-value",
                    new Schema.Parser().parse(model.valueSchema()));
            Generator generator = new Generator(model, new GeneratorConfig(mirror, Pacer.MAX, SYNTHETIC_EVENTS, null, 1975),
                    mirrorWriter, cluster.clientProperties());
            generator.run();

            // The mirror's subject holds the source's schema, and its records decode with it.
            assertThat(new Schema.Parser().parse(registry.latestVersion(mirror + "-value").schema().text())).isEqualTo(inferred.schema());
            MarginalComparison comparison = new MarginalComparison(file.types(), file.timestampFormats());
            file.read((line, reason, message) -> { }, (row, line) -> comparison.addReal(row));
            List<Integer> ids = new ArrayList<>();
            RowCodec reader = RegistryAvroCodec.forReading(SharedRegistry.client());
            long bad = TopicRows.read(cluster.clientProperties(), mirror, new RowCodec() {
                @Override
                public Row decode(byte[] bytes) {
                    ids.add(RegistryAvroCodec.schemaId(bytes));
                    return reader.decode(bytes);
                }

                @Override
                public byte[] encode(Row row) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public ValueFormat format() {
                    return reader.format();
                }
            }, 0, Duration.ofSeconds(30), comparison::addSynthetic);
            assertThat(bad).isZero();
            assertThat(ids).hasSize((int) SYNTHETIC_EVENTS).containsOnly(mirrorWriter.writeSchemaId());

            for (FieldComparison field : comparison.compare()) {
                if (model.field(field.field()).role().synthesized()) {
                    // storm_id is an entity key: made up, so no synthetic value is a real one (the two are disjoint).
                    assertThat(field.distance()).as("%s %s", field.field(), field.metric()).isCloseTo(1.0, within(1e-9));
                    continue;
                }
                double tolerance = field.metric().equals("KS")
                        ? Tolerances.ks(field.real().count() - field.real().nulls(), field.synthetic().count() - field.synthetic().nulls())
                        : Tolerances.tvd(field.real().categories(), field.synthetic().count() - field.synthetic().nulls(),
                                model.field(field.field()).categorical() == null ? 0 : model.field(field.field()).categorical().unseenWeight());
                assertThat(field.distance()).as("%s %s (tolerance %.4f)", field.field(), field.metric(), tolerance)
                        .isLessThanOrEqualTo(tolerance);
                // Null rates: binomial, 4 standard deviations of the synthetic share.
                double p = field.real().nullRate();
                double sd = Math.sqrt(p * (1 - p) / field.synthetic().count());
                assertThat(field.synthetic().nullRate()).as("%s null rate", field.field()).isCloseTo(p, org.assertj.core.data.Offset.offset(4 * sd + 1e-9));
            }
        }
    }

    @Test
    void whenTheSourcesSchemaEvolvesTheModelAndTheMirrorFollowIt() throws Exception {
        String source = "evolving";
        String models = LearnerConfig.defaultModelTopic(source);
        SchemaRegistryClient registry = SharedRegistry.client();
        Schema v1 = new Schema.Parser().parse("""
                {"type": "record", "name": "Reading", "namespace": "test", "fields": [
                  {"name": "sensor", "type": "long"},
                  {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["HOT", "COLD"]}}
                ]}""");
        Schema v2 = new Schema.Parser().parse("""
                {"type": "record", "name": "Reading", "namespace": "test", "fields": [
                  {"name": "sensor", "type": "long"},
                  {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["HOT", "COLD"]}},
                  {"name": "celsius", "type": ["null", "double"], "default": null}
                ]}""");
        RegistryAvroCodec writeV1 = RegistryAvroCodec.forWriting(registry, source + "-value", v1);
        registry.setCompatibilityLevel(source + "-value", CompatibilityLevel.BACKWARD);
        RegistryAvroCodec writeV2 = RegistryAvroCodec.forWriting(registry, source + "-value", v2);
        assertThat(writeV2.writeSchemaId()).isNotEqualTo(writeV1.writeSchemaId());

        try (KafkaCluster cluster = KafkaCluster.of(SharedKafka.bootstrapServers(), null, Duration.ofSeconds(30))) {
            cluster.ensureTopic(source, 1, false);
            cluster.ensureTopic(models, 1, true);
            long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientProperties(), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < 400; i++) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("sensor", (long) (i % 7));
                    values.put("kind", i % 3 == 0 ? "COLD" : "HOT");
                    byte[] value;
                    if (i < 200) {
                        value = writeV1.encode(Row.of(values));
                    } else {
                        values.put("celsius", 15.0 + i % 10);
                        value = writeV2.encode(Row.of(values));
                    }
                    producer.send(new ProducerRecord<>(source, 0, start + i * 1_000L, null, value));
                }
                producer.flush();
            }

            LearnerConfig config = new LearnerConfig(source, models, Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofSeconds(1));
            try (Learner learner = new Learner(config, RegistryAvroCodec.forReading(SharedRegistry.client()), cluster.clientProperties(),
                    "evolving-it", workDir.resolve("evolving-state"))) {
                learner.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (!(learner.progress().settled() && learner.progress().latestModel() != null
                        && learner.progress().latestModel().events() == 400)) {
                    learner.checkHealthy();
                    assertThat(System.nanoTime()).as("learner caught up within 2 minutes").isLessThan(deadline);
                    Thread.sleep(200);
                }
            }

            ModelSnapshot model = ModelTopicReader.newest(cluster.clientProperties(), models, Duration.ofSeconds(10));
            assertThat(new Schema.Parser().parse(model.valueSchema())).isEqualTo(v2);
            // The v1 half had no celsius: exactly half the events are null there.
            assertThat(model.field("celsius").nullRate()).isEqualTo(0.5);
            assertThat(model.field("kind").categorical().values()).containsExactlyInAnyOrder("HOT", "COLD");

            String mirror = source + ".mirror";
            cluster.ensureTopic(mirror, 1, false);
            RegistryAvroCodec mirrorWriter = RegistryAvroCodec.forWriting(registry, mirror + "-value", new Schema.Parser().parse(model.valueSchema()));
            new Generator(model, new GeneratorConfig(mirror, Pacer.MAX, 100, null, 11), mirrorWriter, cluster.clientProperties()).run();
            assertThat(new Schema.Parser().parse(registry.latestVersion(mirror + "-value").schema().text())).isEqualTo(v2);
            List<Row> rows = new ArrayList<>();
            TopicRows.read(cluster.clientProperties(), mirror, RegistryAvroCodec.forReading(SharedRegistry.client()), 0,
                    Duration.ofSeconds(20), rows::add);
            assertThat(rows).hasSize(100).allSatisfy(row -> assertThat(row.values()).containsKeys("sensor", "kind", "celsius"));
            assertThat(rows).anySatisfy(row -> assertThat(row.get("celsius")).isNull())
                    .anySatisfy(row -> assertThat(row.get("celsius")).isInstanceOf(Double.class));
        }
    }

    /** A record without the magic byte, one with an id the registry never gave, one cut short. */
    private static void sendPoisonPills(KafkaCluster cluster, String topic, int goodId, int unknownId) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long at = java.time.Instant.parse("2020-06-01T00:00:00Z").toEpochMilli();
            producer.send(new ProducerRecord<>(topic, 0, at, null, "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topic, 0, at, null, header(unknownId, 8))).get();
            producer.send(new ProducerRecord<>(topic, 1, at, null, header(goodId, 1))).get();
        }
    }

    private static byte[] header(int id, int payload) {
        ByteBuffer bytes = ByteBuffer.allocate(5 + payload);
        bytes.put((byte) 0).putInt(id);
        for (int i = 0; i < payload; i++) {
            bytes.put((byte) 0x7f); // a varint that never ends: not a record of any schema
        }
        return bytes.array();
    }
}
