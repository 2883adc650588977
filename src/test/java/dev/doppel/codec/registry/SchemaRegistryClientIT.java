package dev.doppel.codec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.registry.SchemaRegistryException.Kind;
import dev.doppel.embedded.EmbeddedRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The client against one real Apicurio Registry (ccompat API). Each test uses its own subject, so
 * the tests share the registry without seeing each other. Nothing here assumes ids are contiguous
 * or start at 1, and compatibility is set per subject because Apicurio's default is NONE.
 */
class SchemaRegistryClientIT {

    private static final Schema USER_V1 = Schema.avro("""
            {"type":"record","name":"User","namespace":"dev.doppel.test","fields":[
                {"name":"id","type":"long"}]}""");
    /** USER_V1 plus a field with a default: readers of V2 can read V1 data (BACKWARD). */
    private static final Schema USER_V2_WITH_DEFAULT = Schema.avro("""
            {"type":"record","name":"User","namespace":"dev.doppel.test","fields":[
                {"name":"id","type":"long"},
                {"name":"country","type":"string","default":"NL"}]}""");
    /** USER_V1 with id turned from long into string: no reader of it can read V1 data. */
    private static final Schema USER_ID_AS_STRING = Schema.avro("""
            {"type":"record","name":"User","namespace":"dev.doppel.test","fields":[
                {"name":"id","type":"string"}]}""");

    private static EmbeddedRegistry registry;

    private String subject;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void subjectPerTest(TestInfo test) {
        subject = test.getTestMethod().orElseThrow().getName() + "-value";
    }

    /** A client with empty caches, so every call below really reaches the registry. */
    private static SchemaRegistryClient newClient() {
        return SchemaRegistryClient.builder(registry.baseUrl()).build();
    }

    @Test
    void aRegisteredSchemaIsFoundByItsId() {
        int id = newClient().register(subject, USER_V1);

        Schema fetched = newClient().schemaById(id);

        assertThat(fetched.type()).isEqualTo(SchemaType.AVRO);
        assertThat(avro(fetched)).isEqualTo(avro(USER_V1));
    }

    @Test
    void registeringTheSameSchemaTwiceGivesTheSameIdAndNoNewVersion() {
        int first = newClient().register(subject, USER_V1);
        int second = newClient().register(subject, USER_V1);

        assertThat(second).isEqualTo(first);
        assertThat(newClient().latestVersion(subject).version()).isEqualTo(1);
    }

    @Test
    void lookupFindsTheVersionHoldingASchemaAndNothingElse() {
        SchemaRegistryClient client = newClient();
        int v1 = client.register(subject, USER_V1);
        int v2 = client.register(subject, USER_V2_WITH_DEFAULT);

        RegisteredSchema found = newClient().lookup(subject, USER_V1).orElseThrow();

        assertThat(found.subject()).isEqualTo(subject);
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.id()).isEqualTo(v1).isNotEqualTo(v2);
        assertThat(avro(found.schema())).isEqualTo(avro(USER_V1));
        assertThat(newClient().lookup(subject, USER_ID_AS_STRING)).isEmpty();
        assertThat(newClient().lookup(subject + "-never-registered", USER_V1)).isEmpty();
    }

    @Test
    void theLatestVersionIsTheNewest() {
        SchemaRegistryClient client = newClient();
        client.register(subject, USER_V1);
        int v2 = client.register(subject, USER_V2_WITH_DEFAULT);

        RegisteredSchema latest = newClient().latestVersion(subject);

        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(v2);
        assertThat(avro(latest.schema())).isEqualTo(avro(USER_V2_WITH_DEFAULT));
    }

    @Test
    void addingAFieldWithADefaultIsACompatibleEvolutionUnderBackward() {
        SchemaRegistryClient client = newClient();
        client.register(subject, USER_V1);
        client.setCompatibilityLevel(subject, CompatibilityLevel.BACKWARD);

        CompatibilityResult check = client.checkCompatibility(subject, USER_V2_WITH_DEFAULT);
        int v2 = client.register(subject, USER_V2_WITH_DEFAULT);

        assertThat(client.compatibilityLevel(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(check.compatible()).isTrue();
        assertThat(newClient().latestVersion(subject).id()).isEqualTo(v2);
    }

    @Test
    void anIncompatibleChangeIsRejectedUnderBackward() {
        SchemaRegistryClient client = newClient();
        client.register(subject, USER_V1);
        client.setCompatibilityLevel(subject, CompatibilityLevel.BACKWARD);

        CompatibilityResult check = client.checkCompatibility(subject, USER_ID_AS_STRING);

        assertThat(check.compatible()).isFalse();
        assertThatThrownBy(() -> client.register(subject, USER_ID_AS_STRING))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.kind()).isEqualTo(Kind.INCOMPATIBLE_SCHEMA);
                });
        assertThat(newClient().latestVersion(subject).version()).isEqualTo(1);
    }

    @Test
    void theSameChangeIsAcceptedWhenCompatibilityIsNone() {
        SchemaRegistryClient client = newClient();
        client.register(subject, USER_V1);
        client.setCompatibilityLevel(subject, CompatibilityLevel.NONE);

        client.register(subject, USER_ID_AS_STRING);

        assertThat(newClient().latestVersion(subject).version()).isEqualTo(2);
    }

    @Test
    void aSubjectWithoutVersionsAcceptsAnySchema() {
        assertThat(newClient().checkCompatibility(subject, USER_V1).compatible()).isTrue();
    }

    @Test
    void anUnknownSubjectIsNotFound() {
        assertThatThrownBy(() -> newClient().latestVersion(subject))
                .isInstanceOfSatisfying(RegistryNotFoundException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SUBJECT_NOT_FOUND);
                    assertThat(e.errorCode()).isEqualTo(40401);
                });
    }

    @Test
    void anUnknownIdIsNotFound() {
        // Far beyond any id the tests could have made, whatever the numbering.
        assertThatThrownBy(() -> newClient().schemaById(Integer.MAX_VALUE - 7))
                .isInstanceOfSatisfying(RegistryNotFoundException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SCHEMA_NOT_FOUND);
                    assertThat(e.errorCode()).isEqualTo(40403);
                });
    }

    @Test
    void aSchemaServedWithoutSchemaTypeIsAvro() {
        // Apicurio never sends schemaType; the client must not need it.
        int id = newClient().register(subject, USER_V1);

        assertThat(newClient().schemaById(id).type()).isEqualTo(SchemaType.AVRO);
        assertThat(newClient().latestVersion(subject).schema().type()).isEqualTo(SchemaType.AVRO);
    }

    @Test
    void anInvalidSchemaIsRejectedAsInvalid() {
        assertThatThrownBy(() -> newClient().register(subject, Schema.avro("{\"type\":\"recrod\",\"name\":\"Oops\"}")))
                .isInstanceOfSatisfying(InvalidSchemaException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.errorCode()).isEqualTo(42201);
                });
    }

    private static org.apache.avro.Schema avro(Schema schema) {
        return new org.apache.avro.Schema.Parser().parse(schema.text());
    }
}
