package dev.doppel.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.doppel.codec.FieldType;
import dev.doppel.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A profile file: roles set by hand, which win over inferred ones. YAML (or JSON, which is YAML too):
 *
 * <pre>
 * fields:
 *   idNum: identifier
 *   policePrecinct: categorical
 * </pre>
 *
 * Every problem is one line naming the file and the field: an unknown role when the file is read,
 * an unknown field or a role the field's type cannot play in {@link #checkAgainst}.
 */
public final class ProfileConfig {

    /** No overrides: every role is inferred. */
    public static final ProfileConfig NONE = new ProfileConfig("no profile file", Map.of());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String source;
    private final Map<String, FieldRole> roles;

    private ProfileConfig(String source, Map<String, FieldRole> roles) {
        this.source = source;
        this.roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    /** Overrides given in code, e.g. by tests; {@code source} names them in errors. */
    public static ProfileConfig of(String source, Map<String, FieldRole> roles) {
        return new ProfileConfig(source, roles);
    }

    /**
     * Reads a profile file.
     *
     * @throws BadInputException if it is missing, not YAML, has no {@code fields} map, or names an unknown role
     */
    public static ProfileConfig read(Path file) {
        String source = "profile file " + file;
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(source + " not found");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(source + " is not valid YAML: " + firstLine(e.getMessage()), e);
        }
        JsonNode fields = root == null ? null : root.get("fields");
        if (fields == null || !fields.isObject()) {
            throw new BadInputException(source + ": expected a 'fields' map of field name to role, e.g. 'fields: {idNum: identifier}'");
        }
        Map<String, FieldRole> roles = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            FieldRole role = value.isTextual() ? FieldRole.fromLabel(value.asText()) : null;
            if (role == null) {
                throw new BadInputException(source + ": field " + entry.getKey() + ": unknown role '" + value.asText()
                        + "' (roles: " + FieldRole.labels() + ")");
            }
            roles.put(entry.getKey(), role);
        }
        return new ProfileConfig(source, roles);
    }

    /** Field path → role set by hand, in file order. */
    public Map<String, FieldRole> roles() {
        return roles;
    }

    /** The role set for {@code field}, or null to infer it. */
    public FieldRole roleOf(String field) {
        return roles.get(field);
    }

    public boolean isEmpty() {
        return roles.isEmpty();
    }

    /** The first field set to {@code role}, or null if none is. */
    public String fieldWithRole(FieldRole role) {
        for (Map.Entry<String, FieldRole> entry : roles.entrySet()) {
            if (entry.getValue() == role) {
                return entry.getKey();
            }
        }
        return null;
    }

    /**
     * Checks the overrides against the fields the data has.
     *
     * @throws BadInputException for the first field that does not exist or cannot play its role
     */
    public void checkAgainst(Map<String, FieldType> fields) {
        for (Map.Entry<String, FieldRole> entry : roles.entrySet()) {
            FieldType type = fields.get(entry.getKey());
            if (type == null) {
                throw new BadInputException(source + ": no field named '" + entry.getKey() + "' in the data (fields: "
                        + String.join(", ", fields.keySet()) + ")");
            }
            if (!entry.getValue().fits(type)) {
                throw new BadInputException(source + ": field " + entry.getKey() + " holds " + type.name().toLowerCase(java.util.Locale.ROOT)
                        + " values and cannot be " + entry.getValue().label());
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
