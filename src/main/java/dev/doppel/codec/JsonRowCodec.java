package dev.doppel.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON objects, one per record value. Nested objects flatten to dotted paths and are rebuilt on
 * encode; arrays are kept as their JSON text (a later issue gives them length and element
 * distributions). Integral numbers read as {@link Long}, others as {@link Double}.
 */
public final class JsonRowCodec implements RowCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public ValueFormat format() {
        return ValueFormat.JSON;
    }

    @Override
    public Row decode(byte[] bytes) {
        if (bytes == null) {
            throw new BadRecordException("null-value", "record has no value (a tombstone)");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new BadRecordException("not-json", "value is not JSON: " + firstLine(e.getMessage()), e);
        }
        if (node == null || node.isMissingNode()) {
            // Jackson reads empty or blank bytes as a missing node, not as an error.
            throw new BadRecordException("not-json", "value is empty");
        }
        if (!node.isObject()) {
            throw new BadRecordException("not-json-object", "value is JSON but not an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        flatten("", node, values);
        return Row.of(values);
    }

    /** Reads one JSON object from text, as {@link #decode(byte[])} does from bytes. */
    public Row decode(String text) {
        return decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public byte[] encode(Row row) {
        ObjectNode root = MAPPER.createObjectNode();
        for (Map.Entry<String, Object> entry : row.values().entrySet()) {
            String[] path = entry.getKey().split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = parent.get(path[i]);
                parent = child instanceof ObjectNode object ? object : parent.putObject(path[i]);
            }
            putValue(parent, path[path.length - 1], entry.getValue());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a row of plain values always writes as JSON", e);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(path, value, out);
            } else {
                out.put(path, scalar(value));
            }
        }
    }

    private static Object scalar(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.toString();
    }

    private static void putValue(ObjectNode parent, String name, Object value) {
        if (value == null) {
            parent.putNull(name);
        } else if (value instanceof Long number) {
            parent.put(name, number);
        } else if (value instanceof Double number) {
            parent.put(name, number);
        } else if (value instanceof Boolean flag) {
            parent.put(name, flag);
        } else {
            parent.put(name, value.toString());
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
