package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.errors.BadInputException;
import dev.doppel.evaluate.EvaluationOptions;
import dev.doppel.evaluate.EvaluationReport;
import dev.doppel.evaluate.Evaluation;
import dev.doppel.evaluate.EventTable;
import dev.doppel.evaluate.HtmlReport;
import dev.doppel.evaluate.TopicRows;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doppel evaluate}: how close a synthetic data set is to the real one, and how much of it it leaks. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Scores how close synthetic events are to real ones (fidelity) and how much they leak (privacy).",
        description = "Reads real and synthetic events from files (CSV or JSON lines) or topics (topic:NAME), and "
            + "reports SDMetrics-compatible fidelity (Column Shapes, Column Pair Trends, a classifier two-sample test), "
            + "Markov transitions and rate, and privacy (identifier leaks, NewRowSynthesis, DCR against a holdout, "
            + "re-identification) on the console, as JSON and as an HTML page.")
final class EvaluateCommand implements Callable<Integer> {

    static final String TOPIC_PREFIX = "topic:";

    @Option(names = "--real", required = true, paramLabel = "SRC", description = "The real events: a file, or topic:NAME.")
    String real;

    @Option(names = "--synthetic", required = true, paramLabel = "SRC", description = "The synthetic events: a file, or topic:NAME.")
    String synthetic;

    @Option(names = "--holdout", paramLabel = "SRC", description = "Real events the model never saw, for the DCR overfitting protection.")
    String holdout;

    @Mixin
    EvaluationFieldOptions fields;

    @Option(names = "--report", paramLabel = "R.json", description = "Write the report as JSON here.")
    Path report;

    @Option(names = "--html", paramLabel = "R.html", description = "Write the report as a self-contained HTML page here.")
    Path html;

    @Option(names = "--max", defaultValue = "200000", paramLabel = "N",
            description = "Read at most N events of each source (default: ${DEFAULT-VALUE}; 0: all).")
    long max;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "Layout of file sources (default: by extension).")
    EventFile.Format format;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the samples and the classifier's folds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]", description = "Kafka brokers, for topic: sources.")
    String bootstrapServers;

    @Option(names = "--client-config", paramLabel = "FILE", description = "Properties file of extra Kafka client settings.")
    Path clientConfig;

    @Option(names = "--timeout", defaultValue = "15s", paramLabel = "DURATION",
            description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--continuous", description = "Follow the two topics and evaluate the mirror's last --window against the source's "
            + "every --every, exporting the scores as Prometheus gauges, until Ctrl-C.")
    boolean continuous;

    @Option(names = "--window", defaultValue = "10m", paramLabel = "DURATION", description = "With --continuous: the sliding window (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--every", defaultValue = "30s", paramLabel = "DURATION", description = "With --continuous: how often to evaluate (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "With --continuous: address to serve /metrics on (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "9464", paramLabel = "PORT",
            description = "With --continuous: port to serve /metrics on, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--rounds", defaultValue = "0", paramLabel = "N", description = "With --continuous: stop after N evaluations (default: until Ctrl-C).")
    long rounds;

    @Mixin
    RegistryOptions registry;

    @Mixin
    ValueFormatOptions values;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (max < 0) {
            throw new BadInputException("--max must be 0 (all) or more, not " + max);
        }
        if (continuous) {
            return runContinuously(out);
        }
        Sources sources = new Sources(out);
        try {
            EventTable realTable = sources.read("real", real);
            EventTable syntheticTable = sources.read("synthetic", synthetic);
            EventTable holdoutTable = holdout == null ? null : sources.read("holdout", holdout);
            evaluate(out, realTable, syntheticTable, holdoutTable, fields.options(seed), Map.of("max_rows_read_per_source", max),
                    report, html, real + " vs " + synthetic);
        } finally {
            sources.close();
        }
        return ExitCodes.OK;
    }

    private int runContinuously(PrintWriter out) throws IOException, InterruptedException {
        if (!real.startsWith(TOPIC_PREFIX) || !synthetic.startsWith(TOPIC_PREFIX) || holdout != null) {
            throw new BadInputException("--continuous compares two topics: give --real topic:SOURCE and --synthetic topic:MIRROR, no --holdout");
        }
        if (bootstrapServers == null) {
            throw new BadInputException("--continuous needs --bootstrap-servers");
        }
        try (KafkaCluster cluster = KafkaCluster.of(bootstrapServers, clientConfig, timeout)) {
            cluster.checkReachable();
            RowCodec codec = Codecs.forReading(values.choice, registry.client(), values.schema);
            int cap = max == 0 || max > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) max;
            ContinuousEvaluation live = new ContinuousEvaluation(cluster, codec, window, every, timeout, cap, fields.options(seed), out);
            Thread interrupt = ShutdownSignal.onInterrupt(live::stop);
            try {
                live.run(real.substring(TOPIC_PREFIX.length()), synthetic.substring(TOPIC_PREFIX.length()), metricsHost, metricsPort, rounds);
            } finally {
                ShutdownSignal.remove(interrupt);
            }
        }
        return ExitCodes.OK;
    }

    /** Runs the evaluation, prints the summary and writes the files asked for; shared with the demo. */
    static EvaluationReport evaluate(PrintWriter out, EventTable real, EventTable synthetic, EventTable holdout,
                                     EvaluationOptions options, Map<String, Long> extraCounts, Path json, Path html,
                                     String title) throws IOException {
        if (real.size() == 0) {
            throw new BadInputException("the real source has no events");
        }
        long started = System.nanoTime();
        EvaluationReport result = Evaluation.run(real, synthetic, holdout, options);
        extraCounts.forEach(result::addCount);
        out.printf("evaluated %,d real against %,d synthetic events in %.1f s%n%n", real.size(), synthetic.size(),
                (System.nanoTime() - started) / 1e9);
        out.print(fieldTable(result));
        out.println();
        out.print(result.summary());
        if (json != null) {
            write(json, result.toJson());
            out.println("report written to " + json);
        }
        if (html != null) {
            write(html, HtmlReport.render(result, "doppel evaluate: " + title));
            out.println("html page written to " + html);
        }
        out.flush();
        return result;
    }

    private static void write(Path path, String text) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException("cannot write " + path + ": " + parent + " is not a directory");
        }
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    private static String fieldTable(EvaluationReport result) {
        StringBuilder out = new StringBuilder();
        int width = Math.max(5, result.perField().keySet().stream().mapToInt(String::length).max().orElse(5));
        out.append(String.format(Locale.ROOT, "  %-" + width + "s  %-9s  %-12s  %6s  %s%n", "field", "type", "metric", "score", "missing real / synthetic"));
        for (Map.Entry<String, EvaluationReport.FieldScore> entry : result.perField().entrySet()) {
            EvaluationReport.FieldScore field = entry.getValue();
            out.append(String.format(Locale.ROOT, "  %-" + width + "s  %-9s  %-12s  %6s  %.1f%% / %.1f%%%s%n", entry.getKey(),
                    field.type().name().toLowerCase(Locale.ROOT), field.metric() == null ? "identifier" : field.metric(),
                    field.score() == null ? "-" : String.format(Locale.ROOT, "%.3f", field.score()),
                    100 * field.realMissing(), 100 * field.syntheticMissing(),
                    field.identifierLeaks() == null ? "" : ", " + field.identifierLeaks() + " leaked"));
        }
        return out.toString();
    }

    /** Reads files and topics, connecting to Kafka once, the first time a topic is read. */
    private final class Sources implements AutoCloseable {
        private final PrintWriter out;
        private KafkaCluster cluster;
        private RowCodec codec;

        Sources(PrintWriter out) {
            this.out = out;
        }

        EventTable read(String role, String source) {
            if (source.startsWith(TOPIC_PREFIX)) {
                String topic = source.substring(TOPIC_PREFIX.length());
                if (topic.isBlank()) {
                    throw new BadInputException("--" + role + " " + source + " names no topic");
                }
                connect(source);
                List<Row> rows = new ArrayList<>();
                long bad = TopicRows.read(cluster.clientProperties(), topic, codec, max, timeout.multipliedBy(2), rows::add);
                out.printf("%s: %,d events from topic %s%s%s%n", role, rows.size(), topic,
                        bad > 0 ? String.format(", %,d records that did not decode skipped", bad) : "",
                        max > 0 && rows.size() >= max ? " (capped by --max)" : "");
                return EventTable.inferred(rows);
            }
            Path path = Path.of(source);
            EventFile file = EventFile.open(path, format != null ? format : EventFile.Format.fromFileName(path));
            long[] badLines = new long[1];
            EventTable table = EventTable.read(file, max, (line, reason, message) -> badLines[0]++);
            out.printf("%s: %,d events from %s%s%s%n", role, table.size(), path,
                    badLines[0] > 0 ? String.format(", %,d unreadable lines skipped", badLines[0]) : "",
                    max > 0 && table.size() >= max ? " (capped by --max)" : "");
            return table;
        }

        private void connect(String source) {
            if (cluster != null) {
                return;
            }
            if (bootstrapServers == null) {
                throw new BadInputException(source + " needs --bootstrap-servers");
            }
            cluster = KafkaCluster.of(bootstrapServers, clientConfig, timeout);
            cluster.checkReachable();
            codec = Codecs.forReading(values.choice, registry.client(), values.schema);
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
