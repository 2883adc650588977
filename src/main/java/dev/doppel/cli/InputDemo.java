package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.EventFile;
import dev.doppel.codec.EventFileWriter;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.avro.AvroSchemas;
import dev.doppel.codec.registry.SchemaRegistryClient;
import dev.doppel.errors.BadInputException;
import dev.doppel.errors.DoppelException;
import dev.doppel.evaluate.EventTable;
import dev.doppel.evaluate.TopicRows;
import dev.doppel.generate.Generator;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.Pacer;
import dev.doppel.learn.Learner;
import dev.doppel.learn.LearnerConfig;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.FieldRole;
import dev.doppel.profile.ProfileConfig;
import dev.doppel.publish.FilePublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code demo --input FILE}: publish the file at full speed, learn it, generate a twin, write the
 * twin to a file and evaluate it, all on an embedded broker (and registry, for Avro).
 */
final class InputDemo {

    private static final String SOURCE = "demo-source";
    private static final String MIRROR = "demo-source.mirror";
    /** Event-time windows per input span, when --window is not given: enough for a timeline, few enough to learn fast. */
    private static final int WINDOWS_PER_SPAN = 48;
    /** Rows of the input read for the evaluation. */
    private static final long EVALUATED_ROWS = 200_000;

    private final DemoInputOptions options;
    private final Duration windowOption;
    private final int partitions;
    private final long seed;
    private final Codecs.Choice valueFormat;
    private final ProfileConfig profile;
    private final PrintWriter out;

    InputDemo(DemoInputOptions options, Duration windowOption, int partitions, long seed, Codecs.Choice valueFormat,
              ProfileConfig profile, PrintWriter out) {
        this.options = options;
        this.profile = profile;
        this.windowOption = windowOption;
        this.partitions = partitions;
        this.seed = seed;
        this.valueFormat = valueFormat;
        this.out = out;
    }

    int run(Path workDir) throws IOException, InterruptedException {
        long started = System.nanoTime();
        EvaluationFieldOptions fields = options.fields;
        if (options.events < 0) {
            throw new BadInputException("--events must be 0 (as many as the input) or more, not " + options.events);
        }
        EventFile input = EventFile.open(options.input, options.format != null ? options.format : EventFile.Format.fromFileName(options.input));
        for (String field : namedFields(fields)) {
            if (!input.types().containsKey(field)) {
                throw new BadInputException("field " + field + " is not a column of " + options.input + " (its columns: "
                        + String.join(", ", input.types().keySet()) + ")");
            }
        }
        ProfileConfig roles = roles(fields);
        roles.checkAgainst(input.types());
        out.printf("[1/6] reading %s: %s%n", options.input, PublishCommand.describe(input));
        EventFile published = input;
        Duration window = windowOption;
        if (fields.timeField != null) {
            // The learner takes events in event-time order (late ones beyond the grace are dropped), so
            // a file that is not in time order is published from a sorted copy.
            TimeSorted sorted = TimeSorted.of(input, fields.timeField, workDir);
            published = sorted.file();
            if (sorted.reordered()) {
                out.printf("      the file is not in %s order: publishing a sorted copy%n", fields.timeField);
            }
            if (window == null) {
                long spanMillis = Math.max(60_000, sorted.lastMillis() - sorted.firstMillis());
                window = roundUp(Duration.ofMillis(spanMillis / WINDOWS_PER_SPAN));
            }
        }
        if (window == null) {
            window = Duration.ofHours(6);
        }
        out.flush();

        boolean avro = valueFormat == Codecs.Choice.AVRO;
        out.println(avro ? "[2/6] starting an embedded Kafka broker (KRaft) and schema registry (Apicurio) ..."
                : "[2/6] starting an embedded Kafka broker (KRaft) ...");
        out.flush();
        try (DemoCluster demo = DemoCluster.start(valueFormat, SOURCE, partitions, MIRROR)) {
            KafkaCluster cluster = demo.cluster;
            SchemaRegistryClient client = demo.client;
            RowCodec reader = demo.reader(valueFormat);
            String modelTopic = demo.modelTopic;

            RowCodec writer = Codecs.forPublishing(valueFormat, client, null, SOURCE, AvroSchemas.SubjectStrategy.TOPIC,
                    AvroSchemas.infer(SOURCE, input.types()));
            long count = publish(cluster, published, writer);
            ModelSnapshot model = learn(cluster, workDir, modelTopic, count, reader, window, roles);
            long syntheticCount = generate(cluster, model, count, Codecs.forGenerating(model, client, MIRROR, AvroSchemas.SubjectStrategy.TOPIC));

            out.printf("[6/6] reading the twin back%s and evaluating it against %s%n",
                    options.syntheticOut == null ? "" : ", writing it to " + options.syntheticOut, options.input);
            out.flush();
            List<Row> synthetic = new ArrayList<>();
            TopicRows.read(cluster.clientProperties(), MIRROR, reader, syntheticCount, Duration.ofSeconds(30), synthetic::add);
            if (options.syntheticOut != null) {
                try (EventFileWriter file = EventFileWriter.create(options.syntheticOut, EventFile.Format.fromFileName(options.syntheticOut),
                        new ArrayList<>(input.types().keySet()))) {
                    synthetic.forEach(file::write);
                }
            }
            EventTable real = EventTable.read(input, EVALUATED_ROWS, (line, reason, message) -> { });
            EventTable twin = EventTable.of(synthetic, input.types(), input.timestampFormats());
            EvaluateCommand.evaluate(out, real, twin, null, fields.options(seed), Map.of("max_rows_read_per_source", EVALUATED_ROWS),
                    options.report, options.html, "demo on " + options.input.getFileName());
        }
        out.printf("done in %.0f s; the broker%s stopped and %s files removed%n", (System.nanoTime() - started) / 1e9,
                avro ? " and the registry are" : " is", avro ? "their" : "its");
        return ExitCodes.OK;
    }

    /** Up to a whole day past two days, a whole hour past two hours, else a whole minute (at least one). */
    static Duration roundUp(Duration window) {
        long unit = window.compareTo(Duration.ofDays(2)) >= 0 ? Duration.ofDays(1).toMillis()
                : window.compareTo(Duration.ofHours(2)) >= 0 ? Duration.ofHours(1).toMillis() : Duration.ofMinutes(1).toMillis();
        long units = Math.max(1, (window.toMillis() + unit - 1) / unit);
        return Duration.ofMillis(units * unit);
    }

    private static List<String> namedFields(EvaluationFieldOptions fields) {
        List<String> named = new ArrayList<>();
        for (String field : new String[] {fields.timeField, fields.keyField, fields.stateField}) {
            if (field != null) {
                named.add(field);
            }
        }
        named.addAll(fields.idFields);
        named.addAll(fields.quasiIdentifiers);
        return named;
    }

    private long publish(KafkaCluster cluster, EventFile file, RowCodec codec) {
        out.printf("[3/6] publishing to topic %s (%d partitions) as %s at full speed%s%n", SOURCE, partitions, Codecs.describe(codec),
                options.fields.keyField == null ? "" : ", keyed by " + options.fields.keyField);
        FilePublisher publisher = new FilePublisher(file,
                new FilePublisher.Options(SOURCE, options.fields.timeField, options.fields.keyField, FilePublisher.MAX_SPEED), codec,
                cluster.clientProperties());
        RateMeter meter = new RateMeter();
        long[] skipped = new long[1];
        try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2), () ->
                "      published " + RateMeter.format(publisher.acknowledged()) + " ("
                        + RateMeter.formatRate(meter.perSecond(publisher.acknowledged())) + ")")) {
            publisher.run((line, reason, message) -> {
                if (skipped[0]++ < 10) {
                    out.printf("      skipped line %d (%s): %s%n", line, reason, message);
                }
            });
        }
        if (skipped[0] > 10) {
            out.printf("      %d lines skipped in all%n", skipped[0]);
        }
        if (publisher.acknowledged() == 0) {
            throw new BadInputException("no event of " + options.input + " could be published");
        }
        return publisher.acknowledged();
    }

    /** The roles of --profile, with the --id-fields the profile does not set as identifiers. */
    private ProfileConfig roles(EvaluationFieldOptions fields) {
        Map<String, FieldRole> roles = new java.util.LinkedHashMap<>(profile.roles());
        for (String id : fields.idFields) {
            roles.putIfAbsent(id, FieldRole.IDENTIFIER);
        }
        return roles.equals(profile.roles()) ? profile : ProfileConfig.of("--profile and --id-fields", roles);
    }

    private ModelSnapshot learn(KafkaCluster cluster, Path workDir, String modelTopic, long published, RowCodec codec, Duration window,
                                ProfileConfig roles) throws InterruptedException {
        out.printf("[4/6] learning %s in %s event-time windows (Kafka Streams); models go to %s%n", SOURCE,
                DurationConverter.format(window), modelTopic);
        Duration grace = window.compareTo(Duration.ofHours(1)) < 0 ? window : Duration.ofHours(1);
        EvaluationFieldOptions fields = options.fields;
        LearnerConfig config = new LearnerConfig(SOURCE, modelTopic, window, grace, Duration.ofSeconds(1), null)
                .withWindowing(window, 0, fields.timeField);
        if (fields.keyField != null || fields.stateField != null) {
            config = config.withSequences(fields.keyField, fields.stateField, null);
            out.printf("      entities keyed by %s%s%n", fields.keyField != null ? fields.keyField : "the record key",
                    fields.stateField != null ? ", states from " + fields.stateField : ", state field inferred");
        }
        try (Learner learner = new Learner(config, codec, cluster.clientProperties(), "doppel-demo-input-learn", workDir.resolve("streams"),
                roles)) {
            RateMeter meter = new RateMeter();
            learner.start();
            try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2),
                    () -> "      " + LearnCommand.describe(learner.progress(), meter))) {
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (!DemoCommand.learnedAll(learner, published)) {
                    learner.checkHealthy();
                    if (System.nanoTime() > deadline) {
                        throw new DoppelException("the learner did not catch up within 10 minutes");
                    }
                    Thread.sleep(200);
                }
            }
            ModelSnapshot model = learner.progress().latestModel();
            out.printf("      model: %s events in %d windows (%s late, dropped)%n", RateMeter.format(model.events()),
                    model.timeline().size(), RateMeter.format(learner.progress().lateEvents()));
            return model;
        }
    }

    /**
     * Generates the twin and returns how many events it wrote. With a time field the twin follows the
     * learned rate timeline as fast as possible, so it covers the input's own span with about as many
     * events (at most --events, if given), each stamped with its synthetic event time; without one it
     * writes as many events as the input had (or --events) at full speed.
     */
    private long generate(KafkaCluster cluster, ModelSnapshot model, long published, RowCodec codec) {
        boolean follow = model.rate().timeField() != null;
        GeneratorConfig config = follow
                ? GeneratorConfig.following(MIRROR, Pacer.MAX, options.events, null, seed)
                : new GeneratorConfig(MIRROR, Pacer.MAX, options.events > 0 ? options.events : published, null, seed);
        out.printf("[5/6] generating synthetic events to %s as %s, %s (seed %d)%n", MIRROR, Codecs.describe(codec),
                follow ? "following the learned rate timeline of " + model.rate().timeField() + " as fast as possible"
                        : RateMeter.format(config.maxEvents()) + " at max rate", seed);
        Generator generator = new Generator(model, config, codec, cluster.clientProperties());
        RateMeter meter = new RateMeter();
        try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2),
                () -> "      " + GenerateCommand.describe(generator.progress(), meter))) {
            generator.run();
        }
        return generator.progress().acknowledged();
    }

    /** An event file in time order: the input itself if it already is, else a sorted copy. */
    private record TimeSorted(EventFile file, boolean reordered, long firstMillis, long lastMillis) {

        static TimeSorted of(EventFile input, String timeField, Path workDir) {
            EventTable table = EventTable.read(input, 0, (line, reason, message) -> { });
            double[] times = table.numbers(timeField);
            boolean ordered = true;
            double first = Double.POSITIVE_INFINITY;
            double last = Double.NEGATIVE_INFINITY;
            double previous = Double.NEGATIVE_INFINITY;
            for (double time : times) {
                if (Double.isNaN(time)) {
                    continue;
                }
                ordered &= time >= previous;
                previous = time;
                first = Math.min(first, time);
                last = Math.max(last, time);
            }
            if (first > last) {
                throw new BadInputException("time field " + timeField + " has no readable time in " + input.path());
            }
            if (ordered) {
                return new TimeSorted(input, false, (long) first, (long) last);
            }
            Integer[] order = new Integer[times.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // Stable: events at the same time keep their file order; events without a time go last.
            java.util.Arrays.sort(order, Comparator.comparingDouble(i -> Double.isNaN(times[i]) ? Double.POSITIVE_INFINITY : times[i]));
            Path copy = workDir.resolve(input.format() == EventFile.Format.CSV ? "sorted.csv" : "sorted.jsonl");
            try (EventFileWriter writer = EventFileWriter.create(copy, input.format(), new ArrayList<>(input.types().keySet()))) {
                for (int i : order) {
                    writer.write(table.rows().get(i));
                }
            }
            return new TimeSorted(EventFile.open(copy, input.format()), true, (long) first, (long) last);
        }
    }
}
