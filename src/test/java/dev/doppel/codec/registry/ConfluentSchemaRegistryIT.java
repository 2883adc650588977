package dev.doppel.codec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.Row;
import dev.doppel.codec.avro.RegistryAvroCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/**
 * The client and the wire-format codec against Confluent Schema Registry itself, for machines with
 * Docker. Without a Docker engine (as on doppel's CI machines) the whole class is skipped; the same
 * behaviour is tested against a real Apicurio registry in {@code SchemaRegistryClientIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentSchemaRegistryIT {

    private static final String CONFLUENT = "7.7.1";
    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final ConfluentKafkaContainer KAFKA = new ConfluentKafkaContainer("confluentinc/cp-kafka:" + CONFLUENT)
            .withNetwork(NETWORK)
            .withListener("kafka:19092");

    @Container
    private static final GenericContainer<?> REGISTRY = new GenericContainer<>("confluentinc/cp-schema-registry:" + CONFLUENT)
            .withNetwork(NETWORK)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .dependsOn(KAFKA)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    private static SchemaRegistryClient client() {
        return SchemaRegistryClient.builder("http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081)).build();
    }

    private static final String V1 = """
            {"type": "record", "name": "Reading", "namespace": "test", "fields": [{"name": "sensor", "type": "long"}]}""";
    private static final String V2_COMPATIBLE = """
            {"type": "record", "name": "Reading", "namespace": "test", "fields": [{"name": "sensor", "type": "long"},
              {"name": "celsius", "type": ["null", "double"], "default": null}]}""";
    private static final String V2_INCOMPATIBLE = """
            {"type": "record", "name": "Reading", "namespace": "test", "fields": [{"name": "sensor", "type": "string"}]}""";

    @Test
    void registerLookUpAndEvolveAsAgainstApicurio() {
        SchemaRegistryClient client = client();
        int id = client.register("readings-value", Schema.avro(V1));
        assertThat(client.schemaById(id).type()).isEqualTo(SchemaType.AVRO);
        assertThat(client.lookup("readings-value", Schema.avro(V1))).hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(id));

        client.setCompatibilityLevel("readings-value", CompatibilityLevel.BACKWARD);
        int evolved = client.register("readings-value", Schema.avro(V2_COMPATIBLE));
        assertThat(client.latestVersion("readings-value").id()).isEqualTo(evolved);
        assertThatThrownBy(() -> client.register("readings-value", Schema.avro(V2_INCOMPATIBLE)))
                .isInstanceOf(IncompatibleSchemaException.class);
        assertThatThrownBy(() -> client.schemaById(987_654)).isInstanceOf(RegistryNotFoundException.class);
    }

    @Test
    void aRecordWrittenInTheWireFormatReadsBack() {
        RegistryAvroCodec writer = RegistryAvroCodec.forWriting(client(), "wire-value", new org.apache.avro.Schema.Parser().parse(V1));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("sensor", 42L);
        byte[] bytes = writer.encode(Row.of(values));

        assertThat(bytes[0]).isZero();
        assertThat(RegistryAvroCodec.schemaId(bytes)).isEqualTo(writer.writeSchemaId());
        assertThat(RegistryAvroCodec.forReading(client()).decode(bytes).get("sensor")).isEqualTo(42L);
    }
}
