package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.avro.AvroSchemas;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.embedded.TempDirs;
import dev.doppel.errors.DoppelException;
import dev.doppel.evaluate.MarginalComparison;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.Generator;
import dev.doppel.generate.Pacer;
import dev.doppel.learn.Learner;
import dev.doppel.learn.LearnerConfig;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.ProfileConfig;
import dev.doppel.publish.FilePublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code doppel demo}: the whole flow on a real broker in this process and a bundled real dataset:
 * publish, learn, generate, compare. Leaves no process or temporary directory behind.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Runs publish, learn, generate and a comparison on an embedded broker with bundled real data.",
        description = "Runs the whole flow on an embedded Kafka broker (KRaft, in this process) with bundled real "
            + "data: 10 days of US domestic flights (163,987 events) are published, learned in event-time "
            + "windows, and a synthetic twin is generated and compared with the real events field by field.")
final class DemoCommand implements Callable<Integer> {

    private static final String DATA = "/data/flights_2001_jan.csv";
    private static final String TIME_FIELD = "date";
    private static final String SOURCE = "flights";
    private static final String MIRROR = "flights.mirror";

    @Option(names = "--window", paramLabel = "DURATION",
            description = "Event-time window size (default: 6h; with --input and --time-field, 1/48 of the input's time span).")
    Duration window;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", description = "Partitions of the source topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed of the generator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--value-format", defaultValue = "avro", paramLabel = "avro|json",
            description = "Avro through an embedded schema registry (Apicurio), or JSON without one (default: ${DEFAULT-VALUE}).")
    Codecs.Choice valueFormat;

    @Mixin
    ProfileOptions profile;

    /** The roles of --profile, read before anything starts. */
    private ProfileConfig roles = ProfileConfig.NONE;

    @Mixin
    DemoInputOptions input;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path workDir = Files.createTempDirectory("doppel-demo-");
        try {
            if (input.input != null) {
                return new InputDemo(input, window, partitions, seed, valueFormat, profile.read(), out).run(workDir);
            }
            if (window == null) {
                window = Duration.ofHours(6);
            }
            Path data = extract(workDir);
            EventFile file = EventFile.open(data, EventFile.Format.CSV);
            roles = profile.read();
            roles.checkAgainst(file.types());
            boolean avro = valueFormat == Codecs.Choice.AVRO;
            out.println(avro ? "[1/5] starting an embedded Kafka broker (KRaft) and schema registry (Apicurio) ..."
                    : "[1/5] starting an embedded Kafka broker (KRaft) ...");
            out.flush();
            try (DemoCluster demo = DemoCluster.start(valueFormat, SOURCE, partitions, MIRROR)) {
                out.printf("      broker ready at %s%s after %.1f s%n", demo.broker.bootstrapServers(),
                        demo.registry == null ? "" : ", registry at " + demo.registry.baseUrl(), seconds(started));
                KafkaCluster cluster = demo.cluster;
                SchemaRegistryClient client = demo.client;
                RowCodec reader = demo.reader(valueFormat);
                String modelTopic = demo.modelTopic;

                RowCodec writer = Codecs.forPublishing(valueFormat, client, null, SOURCE, AvroSchemas.SubjectStrategy.TOPIC,
                        AvroSchemas.infer(SOURCE, file.types()));
                long published = publish(out, cluster, file, writer);
                ModelSnapshot model = learn(out, cluster, workDir, modelTopic, published, reader);
                generate(out, cluster, model, published,
                        Codecs.forGenerating(model, client, MIRROR, AvroSchemas.SubjectStrategy.TOPIC));
                compare(out, cluster, file, published, reader);
            }
            out.printf("done in %.0f s; %s%n", seconds(started), avro
                    ? "the broker and the registry are stopped and their files removed"
                    : "the broker is stopped and its files removed");
            return ExitCodes.OK;
        } finally {
            TempDirs.deleteRecursively(workDir);
        }
    }

    private long publish(PrintWriter out, KafkaCluster cluster, EventFile file, RowCodec codec) {
        out.printf("[2/5] publishing %s real flights to topic %s (%d partitions) as %s at full speed%n", "163,987", SOURCE,
                partitions, Codecs.describe(codec));
        out.printf("      fields: %s%n", PublishCommand.describe(file));
        FilePublisher publisher = new FilePublisher(file,
                new FilePublisher.Options(SOURCE, TIME_FIELD, null, FilePublisher.MAX_SPEED), codec,
                cluster.clientProperties());
        RateMeter meter = new RateMeter();
        try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2), () ->
                "      published " + RateMeter.format(publisher.acknowledged()) + " ("
                        + RateMeter.formatRate(meter.perSecond(publisher.acknowledged())) + ")")) {
            publisher.run((line, reason, message) -> out.printf("      skipped line %d (%s): %s%n", line, reason, message));
        }
        return publisher.acknowledged();
    }

    private ModelSnapshot learn(PrintWriter out, KafkaCluster cluster, Path workDir, String modelTopic, long published,
                                RowCodec codec) throws InterruptedException {
        out.printf("[3/5] learning %s in %s event-time windows (Kafka Streams); models go to %s%n", SOURCE, DurationConverter.format(window), modelTopic);
        LearnerConfig config = new LearnerConfig(SOURCE, modelTopic, window, Duration.ofHours(1), Duration.ofSeconds(1));
        try (Learner learner = new Learner(config, codec, cluster.clientProperties(), "doppel-demo-learn",
                workDir.resolve("streams"), roles)) {
            RateMeter meter = new RateMeter();
            learner.start();
            try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2),
                    () -> "      " + LearnCommand.describe(learner.progress(), meter))) {
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (!learnedAll(learner, published)) {
                    learner.checkHealthy();
                    if (System.nanoTime() > deadline) {
                        throw new DoppelException("the learner did not catch up within 3 minutes");
                    }
                    Thread.sleep(200);
                }
            }
            ModelSnapshot model = learner.progress().latestModel();
            out.printf("      model: %s events, %d windows from %d partition tasks, %.1f events/s on average in event time%n",
                    RateMeter.format(model.events()), model.timeline().size(), partitions, model.meanEventsPerSecond());
            return model;
        }
    }

    static boolean learnedAll(Learner learner, long published) {
        ModelSnapshot model = learner.progress().latestModel();
        return learner.progress().settled() && model != null && model.events() + learner.progress().lateEvents()
                + learner.progress().badRecordTotal() >= published;
    }

    private void generate(PrintWriter out, KafkaCluster cluster, ModelSnapshot model, long count, RowCodec codec) {
        out.printf("[4/5] generating %s synthetic flights to %s as %s, following the learned rate timeline as fast as possible (seed %d)%n", RateMeter.format(count), MIRROR,
                Codecs.describe(codec), seed);
        Generator generator = new Generator(model, GeneratorConfig.following(MIRROR, Pacer.MAX, count, null, seed),
                codec, cluster.clientProperties());
        RateMeter meter = new RateMeter();
        try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2),
                () -> "      " + GenerateCommand.describe(generator.progress(), meter))) {
            generator.run();
        }
    }

    private void compare(PrintWriter out, KafkaCluster cluster, EventFile file, long count, RowCodec codec) {
        out.printf("[5/5] real vs synthetic, field by field%n");
        MarginalComparison comparison = new MarginalComparison(file.types(), file.timestampFormats());
        file.read((line, reason, message) -> { }, (row, line) -> comparison.addReal(row));
        TopicRows.read(cluster.clientProperties(), MIRROR, codec, count, Duration.ofSeconds(30), comparison::addSynthetic);
        out.println();
        out.print(comparison.table().indent(2));
        out.println();
        out.println("  " + MarginalComparison.LEGEND + ".");
        out.println("  Rows are drawn jointly (Gaussian copula, and routes from the table of the routes flown, so no distance a route");
        out.println("  never had); try `doppel demo --input FILE --time-field F` for the full fidelity and privacy report on any file.");
    }

    private static Path extract(Path workDir) throws IOException {
        Path data = workDir.resolve("flights_2001_jan.csv");
        try (InputStream in = DemoCommand.class.getResourceAsStream(DATA)) {
            if (in == null) {
                throw new DoppelException("the bundled dataset " + DATA + " is missing from doppel.jar");
            }
            Files.copy(in, data);
        }
        return data;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

}
