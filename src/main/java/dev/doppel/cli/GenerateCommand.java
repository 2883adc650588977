package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.RowCodec;
import dev.doppel.generate.GenerateProgress;
import dev.doppel.generate.Generator;
import dev.doppel.generate.GeneratorConfig;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.model.ModelBuilder;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.ProfileConfig;
import java.io.PrintWriter;
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
        description = "Takes the newest model from the model topic and writes synthetic events with the source's "
            + "fields and types to the mirror topic, until --events or --duration is reached, or Ctrl-C.")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"-m", "--model-topic"}, paramLabel = "TOPIC", required = true, description = "The model topic the learner writes to.")
    String modelTopic;

    @Option(names = {"-o", "--mirror-topic"}, required = true, paramLabel = "TOPIC", description = "Topic for the synthetic events; created if missing.")
    String mirrorTopic;

    @Option(names = "--rate", defaultValue = "1000", converter = RateConverter.class, paramLabel = "N|max",
            description = "Events per second, or max (default: ${DEFAULT-VALUE}).")
    double rate;

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
        GeneratorConfig config = new GeneratorConfig(mirrorTopic, rate, events, duration, actualSeed);
        ProfileConfig roles = profile.read();
        try (KafkaCluster cluster = kafka.connect()) {
            cluster.requireTopic(modelTopic, "model topic");
            ModelSnapshot model = ModelBuilder.applyProfile(
                    ModelTopicReader.newest(cluster.clientProperties(), modelTopic, modelWait), roles);
            out.printf("model of %s: %s events in %d window reports, built %s%n", model.sourceTopic(),
                    RateMeter.format(model.events()), model.windowReports(), Instant.ofEpochMilli(model.builtAt()));
            if (cluster.ensureTopic(mirrorTopic, partitions, false)) {
                out.printf("created topic %s with %d partition(s)%n", mirrorTopic, partitions);
            }
            RowCodec codec = Codecs.forGenerating(model, registry.client(), mirrorTopic, subjects.strategy);
            Generator generator = new Generator(model, config, codec, cluster.clientProperties());
            out.printf("generating to %s as %s at %s (seed %d)%n", mirrorTopic, Codecs.describe(codec),
                    Double.isInfinite(rate) ? "max rate" : RateMeter.formatRate(rate), actualSeed);
            RateMeter meter = new RateMeter();
            Thread interrupt = ShutdownSignal.onInterrupt(generator::stop);
            try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(2),
                    () -> describe(generator.progress(), meter))) {
                generator.run();
            } finally {
                ShutdownSignal.remove(interrupt);
            }
            out.printf("done: %s events written to %s%n", RateMeter.format(generator.progress().acknowledged()), mirrorTopic);
        }
        return ExitCodes.OK;
    }

    static String describe(GenerateProgress progress, RateMeter meter) {
        return "generated " + RateMeter.format(progress.acknowledged()) + " events ("
                + RateMeter.formatRate(meter.perSecond(progress.acknowledged())) + ")"
                + (progress.failed() > 0 ? ", " + RateMeter.format(progress.failed()) + " failed" : "");
    }
}
