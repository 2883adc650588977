package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.avro.RegistryAvroCodec;
import dev.doppel.codec.avro.RegistryKeyCodec;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.ProfileConfig;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doppel profile}: prints the role doppel gives each field of a topic or a file, and why. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        header = "Prints the field profile of a topic or a file: each field's role and why.",
        description = "Reads up to --max records from the start of a topic (or a CSV / JSON-lines file with --input) and "
            + "prints, per field, its type, the role doppel infers for it (numeric, categorical, boolean, event_time, "
            + "identifier, entity_key, text), the reason, the null rate, the estimated distinct count and a synthetic "
            + "example in the field's shape (never a real value). Roles from --profile FILE win over inferred ones.")
final class ProfileCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** A topic (with the Kafka options) or a file. */
    static final class Source {
        @ArgGroup(exclusive = false)
        TopicSource topic;

        @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Profile a CSV or JSON-lines file instead of a topic.")
        Path input;
    }

    /** Picocli takes no mixins in argument groups, so the Kafka options come in by inheritance. */
    static final class TopicSource extends KafkaOptions {
        @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "The topic to profile.")
        String topic;
    }

    @Option(names = "--max", defaultValue = "10000", paramLabel = "N", description = "Records to read at most (default: ${DEFAULT-VALUE}).")
    long max;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "Format of --input (default: from the file name).")
    EventFile.Format format;

    @Mixin
    ProfileOptions profile;

    @Mixin
    RegistryOptions registry;

    @Mixin
    ValueFormatOptions values;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (max <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max must be positive, got " + max);
        }
        ProfileConfig overrides = profile.read();
        PrintWriter out = spec.commandLine().getOut();
        WindowStats window = new WindowStats(0, Long.MAX_VALUE);
        String name;
        if (source.input != null) {
            EventFile file = EventFile.open(source.input, format != null ? format : EventFile.Format.fromFileName(source.input));
            name = source.input.getFileName().toString();
            read(file, window);
        } else {
            name = source.topic.topic;
            RowCodec codec = Codecs.forReading(values.choice, registry.client(), values.schema);
            try (KafkaCluster cluster = source.topic.connect()) {
                cluster.requireTopic(name, "topic");
                // Keys in the registry's wire format are read as the learner reads them; one that cannot be is skipped with its record.
                RegistryKeyCodec keys = codec instanceof RegistryAvroCodec registered ? RegistryKeyCodec.forReading(registered.registry()) : null;
                AtomicLong badKeys = new AtomicLong();
                long bad = TopicRows.readWithKeys(cluster.clientProperties(), name, codec, max, source.topic.timeout, (key, row) -> {
                    if (keys != null && RegistryKeyCodec.isWireFormat(key)) {
                        RegistryKeyCodec.Key read;
                        try {
                            read = keys.decode(key);
                        } catch (BadRecordException e) {
                            badKeys.incrementAndGet();
                            return;
                        }
                        window.observe(row, 0);
                        window.observeKeyText(read.text(), row);
                        if (read.fields() != null) {
                            window.observeKeyFields(read.fields(), row);
                        }
                        return;
                    }
                    window.observe(row, 0);
                    window.observeKey(key, row);
                }) + badKeys.get();
                if (bad > 0) {
                    out.printf("skipped %s records that could not be read%n", RateMeter.format(bad));
                }
            }
        }
        TopicStats stats = new TopicStats(name, 1);
        stats.add(window);
        ModelSnapshot model = new ModelBuilder(Clock.systemUTC(), overrides).build(stats);
        ProfileOptions.check(overrides, model);
        out.printf("profile of %s: %s records%n%n", name, RateMeter.format(stats.events()));
        out.printf("%s", ProfileTable.of(model, profile.file != null));
        return ExitCodes.OK;
    }

    private void read(EventFile file, WindowStats window) {
        long[] read = {0};
        try {
            file.read((line, reason, message) -> { }, (row, lineNumber) -> {
                if (read[0]++ >= max) {
                    throw new EnoughRows();
                }
                window.observe(row, 0);
            });
        } catch (EnoughRows enough) {
            // --max reached
        }
    }

    /** Stops reading a file once --max rows are in. */
    private static final class EnoughRows extends RuntimeException {
        EnoughRows() {
            super(null, null, false, false);
        }
    }
}
