package dev.doppel.cli;

import dev.doppel.codec.EventFile;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code demo --input FILE}: the demo's whole flow on the user's own file. */
final class DemoInputOptions {

    @Option(names = "--input", paramLabel = "FILE",
            description = "Run the flow on this file (CSV or JSON lines) instead of the bundled flights, and evaluate the twin.")
    Path input;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "Layout of --input (default: by extension).")
    EventFile.Format format;

    @Mixin
    EvaluationFieldOptions fields;

    @Option(names = "--events", defaultValue = "0", paramLabel = "N",
            description = "Synthetic events to generate (default: as many as the input has).")
    long events;

    @Option(names = "--synthetic-out", paramLabel = "OUT.csv|OUT.jsonl", description = "Write the synthetic events here, with the input's columns in its order.")
    Path syntheticOut;

    @Option(names = "--report", paramLabel = "R.json", description = "Write the evaluation report as JSON here.")
    Path report;

    @Option(names = "--html", paramLabel = "R.html", description = "Write the evaluation report as an HTML page here.")
    Path html;
}
