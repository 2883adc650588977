package dev.doppel.cli;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.JsonRowCodec;
import dev.doppel.codec.KeyCodec;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.avro.AvroRowCodec;
import dev.doppel.codec.avro.AvroSchemas;
import dev.doppel.codec.avro.RegistryAvroCodec;
import dev.doppel.codec.avro.RegistryKeyCodec;
import dev.doppel.codec.avro.RenamingCodec;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.errors.BadInputException;
import dev.doppel.model.ModelSnapshot;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.avro.Schema;

/** Chooses the codec of a command from its options: one place for the rules every command follows. */
final class Codecs {

    /** The record formats a user can ask for. */
    enum Choice {
        AVRO,
        JSON;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How {@code publish} writes record keys. */
    enum KeyChoice {
        STRING,
        AVRO;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Codecs() {
    }

    /**
     * Checks, before anything connects, that {@code --key-format avro} comes with a key field and a
     * registry.
     *
     * @throws BadInputException naming the missing option
     */
    static void checkKeyFormat(KeyChoice choice, String keyField, String registryUrl) {
        if (choice != KeyChoice.AVRO) {
            return;
        }
        if (keyField == null) {
            throw new BadInputException("--key-format avro needs --key-field: without a key field the records have no keys");
        }
        if (registryUrl == null) {
            throw new BadInputException("--key-format avro needs --schema-registry: Avro keys are written in the registry's wire format");
        }
    }

    /**
     * The codec of the keys {@code publish} writes from a key column of type {@code keyType} (null
     * without {@code --key-field}): UTF-8, or Avro through the registry ({@code long} for a number
     * column, else {@code string}), registered under the topic's key subject.
     */
    static KeyCodec keysForPublishing(KeyChoice choice, SchemaRegistryClient registry, String topic,
                                      AvroSchemas.SubjectStrategy strategy, FieldType keyType) {
        if (choice != KeyChoice.AVRO) {
            return KeyCodec.UTF8;
        }
        checkKeyFormat(choice, keyType == null ? null : "", registry == null ? null : "");
        Schema schema = Schema.create(keyType == FieldType.LONG ? Schema.Type.LONG : Schema.Type.STRING);
        return RegistryKeyCodec.forWriting(registry, AvroSchemas.keySubject(strategy, topic, schema), schema);
    }

    /**
     * The codec to read a topic: Avro through the registry when one is given (unless JSON is asked
     * for), plain Avro with a schema file, or JSON.
     */
    static RowCodec forReading(Choice choice, SchemaRegistryClient registry, Path schemaFile) {
        Choice format = resolve(choice, registry, schemaFile);
        if (format == Choice.JSON) {
            return new JsonRowCodec();
        }
        if (registry != null) {
            return RegistryAvroCodec.forReading(registry);
        }
        return new AvroRowCodec(avroRecord(AvroSchemas.read(schemaFile), schemaFile.toString()));
    }

    /**
     * The codec to publish rows of a file with columns {@code inferred}: like {@link #forReading},
     * but writing; with the registry the schema (from the file, or inferred) is registered first.
     */
    static RowCodec forPublishing(Choice choice, SchemaRegistryClient registry, Path schemaFile, String topic,
                                  AvroSchemas.SubjectStrategy strategy, AvroSchemas.Inferred inferred) {
        Choice format = resolve(choice, registry, schemaFile);
        if (format == Choice.JSON) {
            return new JsonRowCodec();
        }
        Schema schema = schemaFile != null ? avroRecord(AvroSchemas.read(schemaFile), schemaFile.toString()) : inferred.schema();
        RowCodec avro = registry != null
                ? RegistryAvroCodec.forWriting(registry, AvroSchemas.subject(strategy, topic, schema), schema)
                : new AvroRowCodec(schema);
        return schemaFile != null ? avro : new RenamingCodec(avro, inferred);
    }

    /** The codec to write the mirror of a model: the source's format and newest schema. */
    static RowCodec forGenerating(ModelSnapshot model, SchemaRegistryClient registry, String mirrorTopic,
                                  AvroSchemas.SubjectStrategy strategy) {
        return switch (model.valueFormat()) {
            case JSON -> new JsonRowCodec();
            case AVRO -> new AvroRowCodec(new Schema.Parser().parse(model.valueSchema()));
            case REGISTRY_AVRO -> {
                if (registry == null) {
                    throw new BadInputException("the model of " + model.sourceTopic()
                            + " was learned from Avro in a schema registry: give --schema-registry to write the mirror the same way");
                }
                Schema schema = new Schema.Parser().parse(model.valueSchema());
                yield RegistryAvroCodec.forWriting(registry, AvroSchemas.subject(strategy, mirrorTopic, schema), schema);
            }
        };
    }

    /**
     * The codec of the mirror's keys: Avro with the source's newest key schema, registered under the
     * mirror's key subject ({@code <mirror>-key} by default), if the source's keys were Avro; else UTF-8.
     */
    static KeyCodec keysForGenerating(ModelSnapshot model, SchemaRegistryClient registry, String mirrorTopic,
                                      AvroSchemas.SubjectStrategy strategy) {
        if (model.keySchema() == null) {
            return KeyCodec.UTF8;
        }
        if (registry == null) {
            throw new BadInputException("the model of " + model.sourceTopic()
                    + " was learned from Avro keys in a schema registry: give --schema-registry to write the mirror's keys the same way");
        }
        Schema schema = new Schema.Parser().parse(model.keySchema());
        return RegistryKeyCodec.forWriting(registry, AvroSchemas.keySubject(strategy, mirrorTopic, schema), schema);
    }

    private static Choice resolve(Choice choice, SchemaRegistryClient registry, Path schemaFile) {
        Choice format = choice != null ? choice : registry != null || schemaFile != null ? Choice.AVRO : Choice.JSON;
        if (format == Choice.AVRO && registry == null && schemaFile == null) {
            throw new BadInputException("--value-format avro needs --schema-registry, or --schema FILE.avsc for plain Avro");
        }
        if (format == Choice.JSON && schemaFile != null) {
            throw new BadInputException("--schema is for Avro values; leave it out with --value-format json");
        }
        return format;
    }

    private static Schema avroRecord(Schema schema, String where) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new BadInputException("the schema in " + where + " is a " + schema.getType().getName() + "; doppel needs a record");
        }
        try {
            new AvroRowCodec(schema);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the schema in " + where + ": " + e.getMessage(), e);
        }
        return schema;
    }

    /** What a codec writes, for progress lines: "JSON", "plain Avro", "Avro, schema id 7". */
    static String describe(RowCodec codec) {
        RowCodec inner = codec instanceof RenamingCodec renaming ? renaming.inner() : codec;
        return switch (inner.format()) {
            case JSON -> "JSON";
            case AVRO -> "plain Avro";
            case REGISTRY_AVRO -> inner instanceof RegistryAvroCodec registered && registered.writeSchemaId() >= 0
                    ? "Avro, schema id " + registered.writeSchemaId() : "Avro through the registry";
        };
    }
}
