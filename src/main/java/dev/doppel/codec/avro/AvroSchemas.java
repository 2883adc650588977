package dev.doppel.codec.avro;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Avro schemas for rows: inferred from a file's column types, or read from an {@code .avsc} file.
 * An inferred schema has one nullable field per column, in column order: numbers are long or
 * double, booleans boolean, text and timestamps string (timestamps keep the file's layout exactly; a
 * schema file can use the timestamp logical types instead). Column names that are not Avro names
 * are made into ones ({@code "flight no."} becomes {@code flight_no_}); {@link Inferred#toAvroNames}
 * renames a row's fields accordingly.
 */
public final class AvroSchemas {

    private AvroSchemas() {
    }

    /** An inferred schema and the Avro name of each column. */
    public record Inferred(Schema schema, Map<String, String> avroNames) {

        /** The row with its fields renamed to their Avro names. */
        public Row toAvroNames(Row row) {
            Map<String, Object> values = new LinkedHashMap<>();
            row.values().forEach((name, value) -> values.put(avroNames.getOrDefault(name, name), value));
            return Row.of(values);
        }
    }

    /** A record schema named {@code recordName} with a nullable field per column. */
    public static Inferred infer(String recordName, Map<String, FieldType> columns) {
        List<Schema.Field> fields = new ArrayList<>();
        Map<String, String> avroNames = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, FieldType> column : columns.entrySet()) {
            String name = avroName(column.getKey(), used);
            avroNames.put(column.getKey(), name);
            Schema type = Schema.create(switch (column.getValue()) {
                case LONG -> Schema.Type.LONG;
                case DOUBLE -> Schema.Type.DOUBLE;
                case BOOLEAN -> Schema.Type.BOOLEAN;
                case STRING, TIMESTAMP -> Schema.Type.STRING;
            });
            String doc = name.equals(column.getKey()) ? null : "column " + column.getKey();
            fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), type), doc, Schema.Field.NULL_DEFAULT_VALUE));
        }
        Schema schema = Schema.createRecord(avroName(recordName, new HashSet<>()), "Inferred by doppel publish", "doppel.inferred", false, fields);
        return new Inferred(schema, avroNames);
    }

    /**
     * Reads an Avro schema file.
     *
     * @throws BadInputException if it is missing or not an Avro schema
     */
    public static Schema read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("schema file not found: " + file);
        }
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException | SchemaParseException e) {
            throw new BadInputException("schema file " + file + " is not an Avro schema: " + e.getMessage(), e);
        }
    }

    /** The subject a schema is registered under, by the strategy Kafka's Avro serializers use. */
    public static String subject(SubjectStrategy strategy, String topic, Schema schema) {
        return switch (strategy) {
            case TOPIC -> topic + "-value";
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }

    /**
     * The subject a record key's schema is registered under: {@code <topic>-key} for the topic
     * strategy; the record strategies name it as for values (a primitive's full name is its type's).
     */
    public static String keySubject(SubjectStrategy strategy, String topic, Schema schema) {
        return strategy == SubjectStrategy.TOPIC ? topic + "-key" : subject(strategy, topic, schema);
    }

    /** How subjects are named: Confluent's TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy. */
    public enum SubjectStrategy {
        TOPIC,
        RECORD,
        TOPIC_RECORD
    }

    private static String avroName(String column, Set<String> used) {
        StringBuilder name = new StringBuilder();
        for (char c : column.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' ? c : '_');
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        String candidate = name.toString();
        for (int i = 2; !used.add(candidate); i++) {
            candidate = name + "_" + i;
        }
        return candidate;
    }
}
