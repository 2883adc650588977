package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.KeyCodec;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.avro.RegistryKeyCodec;
import dev.doppel.errors.BadInputException;
import dev.doppel.errors.DoppelException;
import dev.doppel.generate.FollowPacer;
import dev.doppel.generate.GenerateProgress;
import dev.doppel.generate.Generator;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.ProfileConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doppel generate}: writes synthetic events from the newest model to a mirror topic. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "Writes synthetic events sampled from the newest model to a mirror topic.",
        description = "Takes the newest model from the model topic (or a model file) and writes synthetic events with the source's "
            + "fields and types to the mirror topic, until --events or --duration is reached, or Ctrl-C. "
            + "Newer models published while it runs are swapped in without pausing.")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    ModelSource source;

    /** Where the model comes from: the model topic (followed for newer models) or a model file. */
    static final class ModelSource {
        @Option(names = {"-m", "--model-topic"}, paramLabel = "TOPIC", required = true,
                description = "The model topic the learner writes to; newer models published while generating are swapped in.")
        String modelTopic;

        @Option(names = "--model-file", paramLabel = "FILE", required = true,
                description = "A model file (from learn --model-out) instead of the model topic.")
        Path modelFile;
    }

    @Option(names = {"-o", "--mirror-topic"}, required = true, paramLabel = "TOPIC", description = "Topic for the synthetic events; created if missing.")
    String mirrorTopic;

    @Option(names = "--rate", defaultValue = "1000", converter = RateChoice.Converter.class, paramLabel = "N|max|follow",
            description = "Events per second, max, or follow: the model's rate timeline, window by window (default: ${DEFAULT-VALUE}).")
    RateChoice rate;

    @Option(names = "--speed", converter = RateChoice.SpeedConverter.class, paramLabel = "X|max",
            description = "With --rate follow, replay a recorded timeline X times faster than real time, or as fast as possible (default: 1).")
    Double speed;

    @Option(names = "--events", defaultValue = "0", paramLabel = "N", description = "Stop after this many events (default: no limit).")
    long events;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (default: no limit).")
    Duration duration;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed; the same model and seed give the same events (default: random, printed).")
    Long seed;

    @Option(names = "--model-wait", defaultValue = "30s", paramLabel = "DURATION",
            description = "How long to wait for a first model in the model topic (default: ${DEFAULT-VALUE}).")
    Duration modelWait;

    @Mixin
    RegistryOptions registry;

    @Mixin
    SubjectOptions subjects;

    @Mixin
    ProfileOptions profile;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1", description = "Partitions of the mirror topic if it has to be created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        if (speed != null && !rate.follow()) {
            throw new BadInputException("--speed is for --rate follow");
        }
        GeneratorConfig config = rate.follow()
                ? GeneratorConfig.following(mirrorTopic, speed != null ? speed : 1, events, duration, actualSeed)
                : new GeneratorConfig(mirrorTopic, rate.eventsPerSecond(), events, duration, actualSeed);
        ProfileConfig roles = profile.read();
        ModelSnapshot fromFile = source.modelFile != null ? ModelFormat.read(source.modelFile) : null;
        try (KafkaCluster cluster = kafka.connect()) {
            ModelSnapshot model = fromFile;
            if (model == null) {
                cluster.requireTopic(source.modelTopic, "model topic");
                model = ModelTopicReader.newest(cluster.clientProperties(), source.modelTopic, modelWait);
            }
            model = ModelBuilder.applyProfile(model, roles);
            out.printf("model of %s: %s events in %d window reports, built %s%n", model.sourceTopic(),
                    RateMeter.format(model.events()), model.windowReports(), Instant.ofEpochMilli(model.builtAt()));
            if (cluster.ensureTopic(mirrorTopic, partitions, false)) {
                out.printf("created topic %s with %d partition(s)%n", mirrorTopic, partitions);
            }
            RowCodec codec = Codecs.forGenerating(model, registry.client(), mirrorTopic, subjects.strategy);
            KeyCodec keyCodec = Codecs.keysForGenerating(model, registry.client(), mirrorTopic, subjects.strategy);
            Generator generator = new Generator(model, config, codec, keyCodec, cluster.clientProperties());
            out.printf("generating to %s as %s%s at %s (seed %d)%n", mirrorTopic, Codecs.describe(codec),
                    keyCodec instanceof RegistryKeyCodec avroKeys ? ", keys Avro, schema id " + avroKeys.writeSchemaId() : "",
                    describeRate(model), actualSeed);
            RateMeter meter = new RateMeter();
            Thread interrupt = ShutdownSignal.onInterrupt(generator::stop);
            try (AutoCloseable follower = fromFile != null ? () -> { } : ModelTopicReader.follow(cluster.clientProperties(),
                         source.modelTopic, model, newer -> {
                             ModelSnapshot profiled = ModelBuilder.applyProfile(newer, roles);
                             generator.swapTo(profiled, Codecs.forGenerating(profiled, registry.client(), mirrorTopic, subjects.strategy),
                                     Codecs.keysForGenerating(profiled, registry.client(), mirrorTopic, subjects.strategy));
                         });
                 ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2),
                         () -> describe(generator.progress(), meter))) {
                generator.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DoppelException("stopping the model follower failed: " + e.getMessage(), e);
            } finally {
                ShutdownSignal.remove(interrupt);
            }
            out.printf("done: %s events written to %s%n", RateMeter.format(generator.progress().acknowledged()), mirrorTopic);
        }
        return ExitCodes.OK;
    }

    private String describeRate(ModelSnapshot model) {
        if (!rate.follow()) {
            return Double.isInfinite(rate.eventsPerSecond()) ? "max rate" : RateMeter.formatRate(rate.eventsPerSecond());
        }
        if (FollowPacer.isLive(model, System.currentTimeMillis())) {
            return "the source's live rate (newest window of the newest model)";
        }
        double factor = speed != null ? speed : 1;
        return "the source's rate timeline, " + model.timeline().size() + " windows from "
                + Instant.ofEpochMilli(model.timeline().isEmpty() ? model.firstEvent() : model.timeline().firstKey())
                + (Double.isInfinite(factor) ? ", as fast as possible" : ", at " + factor + "x real time");
    }

    static String describe(GenerateProgress progress, RateMeter meter) {
        return "generated " + RateMeter.format(progress.acknowledged()) + " events ("
                + RateMeter.formatRate(meter.perSecond(progress.acknowledged())) + ")"
                + (progress.failed() > 0 ? ", " + RateMeter.format(progress.failed()) + " failed" : "")
                + (progress.modelSwaps() > 0 ? ", " + RateMeter.format(progress.modelSwaps()) + " newer model(s) swapped in" : "");
    }
}
