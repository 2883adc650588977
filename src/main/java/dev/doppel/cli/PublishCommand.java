package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.KeyCodec;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.avro.AvroSchemas;
import dev.doppel.publish.FilePublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doppel publish}: replays a CSV or JSON-lines file into a topic. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        header = "Replays a CSV or JSON-lines file into a topic, at its original pace or faster.",
        description = "Replays a CSV (with a header row) or JSON-lines file into a topic as JSON records. Column types "
            + "are inferred. With --time-field each record carries the event's own time and the original pace "
            + "is kept (times --speed); without it, records are sent as fast as Kafka takes them.")
final class PublishCommand implements Callable<Integer> {

    /** Skipped lines reported one by one before only the count is kept. */
    private static final int REPORTED_BAD_LINES = 10;

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic to write to; created if missing.")
    String topic;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "The file to replay.")
    Path input;

    @Option(names = "--format", paramLabel = "csv|jsonl",
            description = "File format (default: from the file name; .jsonl, .ndjson and .json are JSON lines).")
    EventFile.Format format;

    @Option(names = "--time-field", paramLabel = "FIELD",
            description = "Column with each event's time (a timestamp like 2001-01-01 00:01:00, or epoch ms).")
    String timeField;

    @Option(names = "--key-field", paramLabel = "FIELD", description = "Column whose value becomes the record key.")
    String keyField;

    @Option(names = "--key-format", paramLabel = "string|avro", defaultValue = "string",
            description = "How --key-field's values are written: UTF-8 text, or Avro (long for a number column, else string) "
                    + "in the registry's wire format, its schema registered under <topic>-key (default: ${DEFAULT-VALUE}).")
    Codecs.KeyChoice keyFormat;

    @CommandLine.ArgGroup(exclusive = true)
    Pace pace;

    static final class Pace {
        @Option(names = "--speed", paramLabel = "X", description = "Replay X times faster than the original pace (default 1 with --time-field).")
        Double speed;

        @Option(names = "--max-speed", description = "Send as fast as possible (the default without --time-field).")
        boolean max;
    }

    @Mixin
    RegistryOptions registry;

    @Mixin
    ValueFormatOptions values;

    @Mixin
    SubjectOptions subjects;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1", description = "Partitions of the topic if it has to be created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventFile file = EventFile.open(input, format != null ? format : EventFile.Format.fromFileName(input));
        double speed = speed();
        if (speed != FilePublisher.MAX_SPEED && timeField == null) {
            throw new dev.doppel.errors.BadInputException("--speed needs --time-field: without event times there is no pace to keep");
        }
        Codecs.checkKeyFormat(keyFormat, keyField, registry.url);
        try (KafkaCluster cluster = kafka.settings()) {
            FilePublisher.Options options = new FilePublisher.Options(topic, timeField, keyField, speed);
            FilePublisher.check(file, options);
            cluster.checkReachable();
            RowCodec codec = Codecs.forPublishing(values.choice, registry.client(), values.schema, topic, subjects.strategy,
                    AvroSchemas.infer(topic, file.types()));
            KeyCodec keyCodec = Codecs.keysForPublishing(keyFormat, registry.client(), topic, subjects.strategy,
                    keyField == null ? null : file.types().get(keyField));
            FilePublisher publisher = new FilePublisher(file, options, codec, keyCodec, cluster.clientProperties());
            if (cluster.ensureTopic(topic, partitions, false)) {
                out.printf("created topic %s with %d partition(s)%n", topic, partitions);
            }
            out.printf("publishing %s to %s as %s (%s)%n", input, topic, Codecs.describe(codec), describe(file));
            AtomicLong reported = new AtomicLong();
            RateMeter meter = new RateMeter();
            Thread interrupt = ShutdownSignal.onInterrupt(publisher::stop);
            try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2), () ->
                    "published " + RateMeter.format(publisher.acknowledged()) + " events ("
                            + RateMeter.formatRate(meter.perSecond(publisher.acknowledged())) + "), skipped "
                            + RateMeter.format(publisher.skipped()))) {
                publisher.run((line, reason, message) -> {
                    long count = reported.incrementAndGet();
                    if (count <= REPORTED_BAD_LINES) {
                        err.printf("skipped line %d (%s): %s%n", line, reason, message);
                    }
                });
            } finally {
                ShutdownSignal.remove(interrupt);
            }
            out.printf("done: %s events published to %s, %s lines skipped%n",
                    RateMeter.format(publisher.acknowledged()), topic, RateMeter.format(publisher.skipped()));
        }
        return ExitCodes.OK;
    }

    private double speed() {
        if (pace != null && pace.max) {
            return FilePublisher.MAX_SPEED;
        }
        if (pace != null && pace.speed != null) {
            return pace.speed;
        }
        return timeField == null ? FilePublisher.MAX_SPEED : 1.0;
    }

    static String describe(EventFile file) {
        StringBuilder out = new StringBuilder();
        file.types().forEach((name, type) -> out.append(out.length() == 0 ? "" : ", ")
                .append(name).append(' ').append(type.name().toLowerCase(java.util.Locale.ROOT)));
        return out.toString();
    }
}
