package dev.doppel.codec.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doppel.codec.registry.SchemaRegistryException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The registry's JSON bodies, both ways. Parsing is lenient where implementations differ (missing
 * {@code schemaType}, extra fields, {@code compatibility} vs {@code compatibilityLevel}) and strict
 * where a wrong value would do harm later (a missing id or schema text).
 */
final class RegistryJson {

    /** Longest non-JSON error body quoted in an exception message: proxies answer with HTML pages. */
    private static final int MAX_QUOTED_BODY = 500;

    private final ObjectMapper mapper = new ObjectMapper();

    String schemaRequest(Schema schema) {
        ObjectNode body = mapper.createObjectNode();
        body.put("schema", schema.text());
        // Omitted for Avro: it is every registry's default, and older ones reject the field.
        if (schema.type() != SchemaType.AVRO) {
            body.put("schemaType", schema.type().name());
        }
        return body.toString();
    }

    String compatibilityRequest(CompatibilityLevel level) {
        return mapper.createObjectNode().put("compatibility", level.name()).toString();
    }

    /** {@code {"id": 42}} from POST /subjects/{subject}/versions. */
    int parseRegisteredId(String operation, String body) {
        JsonNode id = parseObject(operation, body).get("id");
        if (id == null || !id.canConvertToInt()) {
            throw invalidResponse(operation, "no integer 'id' in " + quote(body));
        }
        return id.intValue();
    }

    /** {@code {"schema": "...", "schemaType": "..."}} from GET /schemas/ids/{id}. */
    Schema parseSchema(String operation, String body) {
        return schemaOf(operation, parseObject(operation, body), body);
    }

    /** A subject version from GET .../versions/latest or POST /subjects/{subject}. */
    RegisteredSchema parseRegisteredSchema(String operation, String requestedSubject, String body) {
        JsonNode json = parseObject(operation, body);
        JsonNode id = json.get("id");
        JsonNode version = json.get("version");
        if (id == null || !id.canConvertToInt() || version == null || !version.canConvertToInt()) {
            throw invalidResponse(operation, "no integer 'id' and 'version' in " + quote(body));
        }
        // Some registries leave out the subject they were asked about; it can only be that one.
        String subject = json.hasNonNull("subject") ? json.get("subject").asText() : requestedSubject;
        return new RegisteredSchema(subject, version.intValue(), id.intValue(), schemaOf(operation, json, body));
    }

    /**
     * {@code {"is_compatible": bool}} plus an explanation in Confluent's {@code messages} (a list,
     * with {@code ?verbose=true}) or Apicurio 2's {@code reason} (a string).
     */
    CompatibilityResult parseCompatibility(String operation, String body) {
        JsonNode json = parseObject(operation, body);
        JsonNode compatible = json.get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw invalidResponse(operation, "no boolean 'is_compatible' in " + quote(body));
        }
        List<String> messages = new ArrayList<>();
        JsonNode list = json.get("messages");
        if (list != null && list.isArray()) {
            list.forEach(message -> messages.add(message.asText()));
        }
        if (json.hasNonNull("reason")) {
            messages.add(json.get("reason").asText());
        }
        return new CompatibilityResult(compatible.booleanValue(), messages);
    }

    /**
     * GET /config answers {@code compatibilityLevel}, PUT /config echoes {@code compatibility}; some
     * registries use one name for both.
     */
    CompatibilityLevel parseCompatibilityLevel(String operation, String body) {
        JsonNode json = parseObject(operation, body);
        JsonNode level = json.hasNonNull("compatibilityLevel") ? json.get("compatibilityLevel") : json.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw invalidResponse(operation, "no 'compatibilityLevel' in " + quote(body));
        }
        try {
            return CompatibilityLevel.valueOf(level.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalidResponse(operation, "unknown compatibility level '" + level.asText() + "'");
        }
    }

    /**
     * Turns a non-2xx answer into the exception a caller can act on. The registry's error_code wins
     * over the HTTP status where both say something, because it is the finer of the two (40401 vs
     * 40403 are both 404).
     */
    SchemaRegistryException parseError(String operation, int httpStatus, String body) {
        int errorCode = SchemaRegistryException.NONE;
        String registryMessage = null;
        JsonNode json = tryParse(body);
        if (json != null && json.isObject()) {
            JsonNode code = json.get("error_code");
            if (code != null && code.canConvertToInt()) {
                errorCode = code.intValue();
            }
            if (json.hasNonNull("message")) {
                registryMessage = json.get("message").asText();
            }
        } else if (body != null && !body.isBlank()) {
            registryMessage = truncate(body.strip());
        }
        Kind kind = kindOf(httpStatus, errorCode);
        String message = operation + " failed: HTTP " + httpStatus
                + (errorCode != SchemaRegistryException.NONE ? ", error_code " + errorCode : "")
                + (registryMessage != null ? ": " + registryMessage : "");
        return switch (kind) {
            case SUBJECT_NOT_FOUND, VERSION_NOT_FOUND, SCHEMA_NOT_FOUND, NOT_FOUND ->
                    new RegistryNotFoundException(kind, httpStatus, errorCode, registryMessage, message);
            case INCOMPATIBLE_SCHEMA -> new IncompatibleSchemaException(httpStatus, errorCode, registryMessage, message);
            case INVALID_SCHEMA -> new InvalidSchemaException(httpStatus, errorCode, registryMessage, message);
            default -> new SchemaRegistryException(kind, httpStatus, errorCode, registryMessage, message, null);
        };
    }

    static Kind kindOf(int httpStatus, int errorCode) {
        switch (errorCode) {
            case 40401:
                return Kind.SUBJECT_NOT_FOUND;
            case 40402:
                return Kind.VERSION_NOT_FOUND;
            case 40403:
                return Kind.SCHEMA_NOT_FOUND;
            case 42201:
                return Kind.INVALID_SCHEMA;
            default:
                break;
        }
        if (httpStatus == 409) {
            return Kind.INCOMPATIBLE_SCHEMA;
        }
        if (httpStatus == 404) {
            return Kind.NOT_FOUND;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return Kind.UNAUTHORIZED;
        }
        if (httpStatus == 429 || httpStatus >= 500) {
            return Kind.UNAVAILABLE;
        }
        if (httpStatus >= 400) {
            return Kind.BAD_REQUEST;
        }
        return Kind.INVALID_RESPONSE;
    }

    private Schema schemaOf(String operation, JsonNode json, String body) {
        JsonNode text = json.get("schema");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw invalidResponse(operation, "no 'schema' text in " + quote(body));
        }
        JsonNode type = json.get("schemaType");
        try {
            return new Schema(SchemaType.fromWireName(type == null || type.isNull() ? null : type.asText()), text.asText());
        } catch (IllegalArgumentException e) {
            throw invalidResponse(operation, e.getMessage());
        }
    }

    private JsonNode parseObject(String operation, String body) {
        JsonNode json = tryParse(body);
        if (json == null || !json.isObject()) {
            throw invalidResponse(operation, "expected a JSON object but got " + quote(body));
        }
        return json;
    }

    private JsonNode tryParse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static SchemaRegistryException invalidResponse(String operation, String detail) {
        return new SchemaRegistryException(
                Kind.INVALID_RESPONSE, SchemaRegistryException.NONE, SchemaRegistryException.NONE, null,
                operation + " returned a body this client does not understand: " + detail, null);
    }

    private static String quote(String body) {
        return body == null || body.isBlank() ? "an empty body" : "'" + truncate(body.strip()) + "'";
    }

    private static String truncate(String text) {
        return text.length() <= MAX_QUOTED_BODY ? text : text.substring(0, MAX_QUOTED_BODY) + "...";
    }
}
