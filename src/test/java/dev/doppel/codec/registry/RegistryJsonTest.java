package dev.doppel.codec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doppel.codec.registry.SchemaRegistryException.Kind;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RegistryJsonTest {

    private static final String USER_SCHEMA =
            "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";

    private final RegistryJson json = new RegistryJson();

    @Nested
    class ErrorBodies {

        @Test
        void subjectNotFoundIsANotFoundExceptionOfThatKind() {
            SchemaRegistryException error = json.parseError("fetching subject 'orders'", 404,
                    "{\"error_code\":40401,\"message\":\"Subject 'orders' not found.\"}");

            assertThat(error).isInstanceOf(RegistryNotFoundException.class);
            assertThat(error.kind()).isEqualTo(Kind.SUBJECT_NOT_FOUND);
            assertThat(error.isNotFound()).isTrue();
            assertThat(error.httpStatus()).isEqualTo(404);
            assertThat(error.errorCode()).isEqualTo(40401);
            assertThat(error.registryMessage()).isEqualTo("Subject 'orders' not found.");
            assertThat(error.getMessage())
                    .isEqualTo("fetching subject 'orders' failed: HTTP 404, error_code 40401: Subject 'orders' not found.");
        }

        @Test
        void versionAndSchemaNotFoundAreToldApart() {
            assertThat(json.parseError("op", 404, "{\"error_code\":40402,\"message\":\"Version 7 not found.\"}").kind())
                    .isEqualTo(Kind.VERSION_NOT_FOUND);
            assertThat(json.parseError("op", 404, "{\"message\":\"Schema 9 not found.\",\"error_code\":40403}").kind())
                    .isEqualTo(Kind.SCHEMA_NOT_FOUND);
        }

        @Test
        void otherNotFoundCodesAreGenericNotFound() {
            SchemaRegistryException error = json.parseError("op", 404,
                    "{\"error_code\":40408,\"message\":\"Subject does not have subject-level compatibility configured\"}");

            assertThat(error).isInstanceOf(RegistryNotFoundException.class);
            assertThat(error.kind()).isEqualTo(Kind.NOT_FOUND);
        }

        @Test
        void conflictIsAnIncompatibleSchemaWithOrWithoutABody() {
            SchemaRegistryException withBody = json.parseError("op", 409,
                    "{\"error_code\":409,\"message\":\"Incompatible artifact: reader type: STRING not compatible with writer type: LONG\"}");
            SchemaRegistryException withoutBody = json.parseError("op", 409, "");

            assertThat(withBody).isInstanceOf(IncompatibleSchemaException.class);
            assertThat(withBody.registryMessage()).contains("STRING not compatible");
            assertThat(withoutBody).isInstanceOf(IncompatibleSchemaException.class);
            assertThat(withoutBody.errorCode()).isEqualTo(SchemaRegistryException.NONE);
            assertThat(withoutBody.registryMessage()).isNull();
            assertThat(withoutBody.getMessage()).isEqualTo("op failed: HTTP 409");
        }

        @Test
        void invalidSchemaIsTheOnlyUnprocessableEntityWithItsOwnType() {
            SchemaRegistryException invalidSchema = json.parseError("op", 422,
                    "{\"error_code\":42201,\"message\":\"Failed to discover artifact type from content.\"}");
            SchemaRegistryException invalidLevel = json.parseError("op", 422,
                    "{\"message\":\"Invalid compatibility level: BOGUS\",\"error_code\":42203}");

            assertThat(invalidSchema).isInstanceOf(InvalidSchemaException.class);
            assertThat(invalidSchema.kind()).isEqualTo(Kind.INVALID_SCHEMA);
            assertThat(invalidLevel).isExactlyInstanceOf(SchemaRegistryException.class);
            assertThat(invalidLevel.kind()).isEqualTo(Kind.BAD_REQUEST);
        }

        @Test
        void aPlainTextBodyBecomesTheRegistryMessage() {
            // What Apicurio answers to a body that isn't JSON.
            SchemaRegistryException error = json.parseError("op", 400, "Not able to deserialize data provided.");

            assertThat(error.kind()).isEqualTo(Kind.BAD_REQUEST);
            assertThat(error.errorCode()).isEqualTo(SchemaRegistryException.NONE);
            assertThat(error.registryMessage()).isEqualTo("Not able to deserialize data provided.");
        }

        @Test
        void aLongHtmlPageFromAProxyIsCut() {
            String page = "<html><body>" + "Bad gateway ".repeat(200) + "</body></html>";

            SchemaRegistryException error = json.parseError("op", 502, page);

            assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(error.registryMessage()).hasSize(503).endsWith("...");
        }

        @Test
        void statusesWithoutErrorCodesMapToKinds() {
            assertThat(json.parseError("op", 401, "").kind()).isEqualTo(Kind.UNAUTHORIZED);
            assertThat(json.parseError("op", 403, "").kind()).isEqualTo(Kind.UNAUTHORIZED);
            assertThat(json.parseError("op", 429, "").kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(json.parseError("op", 500, "{\"error_code\":50001,\"message\":\"store\"}").kind())
                    .isEqualTo(Kind.UNAVAILABLE);
            assertThat(json.parseError("op", 404, "").kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(json.parseError("op", 302, "").kind()).isEqualTo(Kind.INVALID_RESPONSE);
        }
    }

    @Nested
    class Schemas {

        @Test
        void aMissingSchemaTypeIsReadAsAvro() {
            Schema schema = json.parseSchema("op", new ObjectMapper().createObjectNode().put("schema", USER_SCHEMA).toString());

            assertThat(schema).isEqualTo(Schema.avro(USER_SCHEMA));
        }

        @Test
        void aNullSchemaTypeIsReadAsAvro() {
            Schema schema = json.parseSchema("op",
                    new ObjectMapper().createObjectNode().put("schema", USER_SCHEMA).putNull("schemaType").toString());

            assertThat(schema.type()).isEqualTo(SchemaType.AVRO);
        }

        @Test
        void aGivenSchemaTypeIsKept() {
            Schema schema = json.parseSchema("op", "{\"schema\":\"{\\\"type\\\":\\\"object\\\"}\",\"schemaType\":\"JSON\"}");

            assertThat(schema).isEqualTo(new Schema(SchemaType.JSON, "{\"type\":\"object\"}"));
        }

        @Test
        void anUnknownSchemaTypeIsAnInvalidResponse() {
            assertThatThrownBy(() -> json.parseSchema("fetching schema id 3", "{\"schema\":\"x\",\"schemaType\":\"XML\"}"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE))
                    .hasMessageContaining("fetching schema id 3")
                    .hasMessageContaining("XML");
        }

        @Test
        void aBodyWithoutSchemaTextIsAnInvalidResponse() {
            assertThatThrownBy(() -> json.parseSchema("op", "{\"schemaType\":\"AVRO\"}"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE));
            assertThatThrownBy(() -> json.parseSchema("op", "<html>"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE));
        }

        @Test
        void aSubjectVersionIsReadWithExtraFieldsIgnored() {
            ObjectNode body = new ObjectMapper().createObjectNode()
                    .put("subject", "users-value").put("version", 3).put("id", 1007).put("schema", USER_SCHEMA);
            body.putArray("references");
            RegisteredSchema version = json.parseRegisteredSchema("op", "users-value", body.toString());

            assertThat(version).isEqualTo(new RegisteredSchema("users-value", 3, 1007, Schema.avro(USER_SCHEMA)));
        }

        @Test
        void aSubjectVersionWithoutItsSubjectIsTheRequestedOne() {
            String body = new ObjectMapper().createObjectNode().put("version", 1).put("id", 5).put("schema", USER_SCHEMA).toString();

            assertThat(json.parseRegisteredSchema("op", "users-value", body).subject()).isEqualTo("users-value");
        }

        @Test
        void aSubjectVersionWithoutIdIsAnInvalidResponse() {
            assertThatThrownBy(() -> json.parseRegisteredSchema("op", "s", "{\"version\":1,\"schema\":\"x\"}"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE));
        }

        @Test
        void theRegisteredIdIsRead() {
            assertThat(json.parseRegisteredId("op", "{\"id\":2147483000}")).isEqualTo(2147483000);
            assertThatThrownBy(() -> json.parseRegisteredId("op", "{\"version\":1}"))
                    .isInstanceOf(SchemaRegistryException.class);
        }

        @Test
        void anAvroRequestLeavesOutSchemaTypeAndOthersSendIt() throws Exception {
            ObjectMapper mapper = new ObjectMapper();

            assertThat(mapper.readTree(json.schemaRequest(Schema.avro(USER_SCHEMA))))
                    .isEqualTo(mapper.createObjectNode().put("schema", USER_SCHEMA));
            assertThat(mapper.readTree(json.schemaRequest(new Schema(SchemaType.PROTOBUF, "syntax = \"proto3\";"))))
                    .isEqualTo(mapper.createObjectNode().put("schema", "syntax = \"proto3\";").put("schemaType", "PROTOBUF"));
        }
    }

    @Nested
    class Compatibility {

        @Test
        void confluentsVerboseMessagesAreKept() {
            CompatibilityResult result = json.parseCompatibility("op",
                    "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1\",\"{oldSchema: ...}\"]}");

            assertThat(result.compatible()).isFalse();
            assertThat(result.messages()).containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1", "{oldSchema: ...}");
        }

        @Test
        void apicuriosReasonIsKeptAndANullReasonIsNot() {
            assertThat(json.parseCompatibility("op", "{\"is_compatible\":false,\"reason\":\"Incompatible artifact\"}").messages())
                    .containsExactly("Incompatible artifact");
            assertThat(json.parseCompatibility("op", "{\"is_compatible\":true,\"reason\":null}"))
                    .isEqualTo(new CompatibilityResult(true, List.of()));
        }

        @Test
        void levelsAreReadUnderEitherName() {
            assertThat(json.parseCompatibilityLevel("op", "{\"compatibilityLevel\":\"BACKWARD\"}"))
                    .isEqualTo(CompatibilityLevel.BACKWARD);
            assertThat(json.parseCompatibilityLevel("op", "{\"compatibility\":\"full_transitive\",\"normalize\":false}"))
                    .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
            assertThatThrownBy(() -> json.parseCompatibilityLevel("op", "{\"compatibilityLevel\":\"SIDEWAYS\"}"))
                    .hasMessageContaining("SIDEWAYS");
        }
    }
}
