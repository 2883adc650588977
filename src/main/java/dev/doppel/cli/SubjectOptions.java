package dev.doppel.cli;

import dev.doppel.codec.avro.AvroSchemas;
import picocli.CommandLine.Option;

/** How the commands that register schemas name their subjects. */
final class SubjectOptions {

    @Option(names = "--subject-strategy", defaultValue = "topic", paramLabel = "topic|record|topic_record",
            description = "Registry subject of the schema: <topic>-value, the record's full name, or <topic>-<record> (default: ${DEFAULT-VALUE}).")
    AvroSchemas.SubjectStrategy strategy;
}
