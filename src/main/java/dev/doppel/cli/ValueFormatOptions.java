package dev.doppel.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command's records are encoded, for the commands that read or write a source topic. */
final class ValueFormatOptions {

    @Option(names = "--value-format", paramLabel = "avro|json",
            description = "Record format (default: avro with --schema-registry or --schema, else json).")
    Codecs.Choice choice;

    @Option(names = "--schema", paramLabel = "FILE.avsc",
            description = "Avro schema of the records: for publish, the one to write with (inferred from the columns without it); "
                    + "for learn, the schema of plain Avro records without a registry.")
    Path schema;
}
