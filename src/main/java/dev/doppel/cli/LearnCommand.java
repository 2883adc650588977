package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.codec.RowCodec;
import dev.doppel.learn.LearnProgress;
import dev.doppel.learn.LearnTopology;
import dev.doppel.learn.Learner;
import dev.doppel.learn.LearnerConfig;
import dev.doppel.profile.ProfileConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doppel learn}: runs the learner on a source topic until stopped. */
@Command(name = "learn", mixinStandardHelpOptions = true,
        header = "Learns a topic's behaviour into model snapshots on a compacted model topic.",
        description = "Learns how a topic behaves: a Kafka Streams application that computes windowed statistics of "
            + "every field and publishes a model snapshot to a compacted model topic each time a window "
            + "closes. Runs until Ctrl-C, or with --once until it has learned everything the topic holds now.")
final class LearnCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"-s", "--source-topic"}, required = true, paramLabel = "TOPIC", description = "The topic to learn from.")
    String sourceTopic;

    @Option(names = {"-m", "--model-topic"}, paramLabel = "TOPIC", description = "Compacted topic for model snapshots; created if missing (default: <source>.doppel-model).")
    String modelTopic;

    @Option(names = "--window", defaultValue = "1m", paramLabel = "DURATION", description = "Event-time window size (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--advance", paramLabel = "DURATION",
            description = "Hopping windows: how far each window moves on; must divide --window (default: --window, tumbling windows).")
    Duration advance;

    @Option(names = "--horizon", defaultValue = "0", paramLabel = "N",
            description = "The model's field distributions combine the newest N windows, the i-th newest weighted 2^(-3i/N) (default: 0, everything learned, equally).")
    int horizon;

    @Option(names = "--time-field", paramLabel = "FIELD",
            description = "The field that carries each event's time (default: the field matching the record timestamp within 1 s in 99% of events, if any).")
    String timeField;

    @Option(names = "--model-out", paramLabel = "FILE",
            description = "Also write the newest model to this file, replacing it each time a model is published.")
    Path modelOut;

    @Option(names = "--grace", defaultValue = "10s", paramLabel = "DURATION",
            description = "How long after a window's end late events are still taken in, in event time (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--idle-close", defaultValue = "30s", paramLabel = "DURATION",
            description = "Close open windows after this much wall-clock time without events (default: ${DEFAULT-VALUE}).")
    Duration idleClose;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id; instances sharing it share the work (default: doppel-learn-<source>).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where Kafka Streams keeps local state (default: ~/.doppel/streams).")
    Path stateDir;

    @Mixin
    RegistryOptions registry;

    @Mixin
    ValueFormatOptions values;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "Send records that cannot be read here, unchanged, with doppel.reason, doppel.error and doppel.origin headers; created if missing.")
    String deadLetterTopic;

    @Mixin
    ProfileOptions profile;

    @Option(names = "--key-field", paramLabel = "FIELD",
            description = "Learn entity sequences, each event's entity named by this field (with only --state-field: the record key). Events without one are left out of them.")
    String keyField;

    @Option(names = "--state-field", paramLabel = "FIELD",
            description = "Learn entity sequences over this field's values (with only --key-field: inferred, the text field of at most 32 values that changes most often within an entity).")
    String stateField;

    @Option(names = "--entity-gap", defaultValue = "1d", paramLabel = "DURATION",
            description = "An entity has ended after this much event time without an event of its key (default: ${DEFAULT-VALUE}).")
    Duration entityGap;

    @Option(names = "--once", description = "Stop once everything in the topic now is learned and in the model.")
    boolean once;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String models = modelTopic != null ? modelTopic : LearnerConfig.defaultModelTopic(sourceTopic);
        LearnerConfig config = new LearnerConfig(sourceTopic, models, window, grace, idleClose, deadLetterTopic)
                .withSequences(keyField, stateField, entityGap)
                .withWindowing(advance != null ? advance : window, horizon, timeField);
        String appId = applicationId != null ? applicationId : "doppel-learn-" + sourceTopic;
        Path state = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".doppel", "streams");
        RowCodec codec = Codecs.forReading(values.choice, registry.client(), values.schema);
        ProfileConfig roles = profile.read();
        try (KafkaCluster cluster = kafka.connect()) {
            cluster.requireTopic(sourceTopic, "source topic");
            if (cluster.ensureTopic(models, 1, true)) {
                out.printf("created compacted model topic %s%n", models);
            }
            if (deadLetterTopic != null && cluster.ensureTopic(deadLetterTopic, cluster.partitions(sourceTopic), false)) {
                out.printf("created dead-letter topic %s%n", deadLetterTopic);
            }
            out.printf("learning %s in %s windows%s; models go to %s%s%n", sourceTopic, DurationConverter.format(window),
                    config.advance().equals(window) ? "" : " advancing by " + DurationConverter.format(config.advance()), models,
                    once ? "" : " (Ctrl-C to stop)");
            CountDownLatch stop = new CountDownLatch(1);
            Thread interrupt = ShutdownSignal.onInterrupt(stop::countDown);
            try (Learner learner = new Learner(config, codec, cluster.clientProperties(), appId, state, roles)) {
                RateMeter meter = new RateMeter();
                learner.start();
                try (ProgressPrinter progress = new ProgressPrinter(out, Duration.ofSeconds(5),
                        () -> describe(learner.progress(), meter))) {
                    boolean profileChecked = roles.isEmpty();
                    ModelFiles saved = new ModelFiles(modelOut);
                    while (!stop.await(500, TimeUnit.MILLISECONDS)) {
                        learner.checkHealthy();
                        saved.saveIfNewer(learner.progress().latestModel());
                        if (!profileChecked && learner.progress().latestModel() != null) {
                            // The fields are known once the first window is learned: a profile naming others is a mistake.
                            ProfileOptions.check(roles, learner.progress().latestModel());
                            profileChecked = true;
                        }
                        if (once && caughtUp(cluster, appId, config, learner.progress())) {
                            break;
                        }
                    }
                    saved.saveIfNewer(learner.progress().latestModel());
                    if (modelOut != null && saved.saved() > 0) {
                        out.printf("newest model written to %s%n", modelOut);
                    }
                }
            } finally {
                ShutdownSignal.remove(interrupt);
            }
        }
        return ExitCodes.OK;
    }

    private boolean caughtUp(KafkaCluster cluster, String appId, LearnerConfig config, LearnProgress progress) {
        return progress.settled() && progress.modelsPublished() > 0 && cluster.lag(appId, sourceTopic) == 0
                && (!config.learnsSequences() || cluster.lag(appId, LearnTopology.entitiesTopic(appId)) == 0);
    }

    static String describe(LearnProgress progress, RateMeter meter) {
        StringBuilder line = new StringBuilder("read ").append(RateMeter.format(progress.eventsRead())).append(" events (")
                .append(RateMeter.formatRate(meter.perSecond(progress.eventsRead()))).append("), ")
                .append(RateMeter.format(progress.windowsClosed())).append(" windows learned, ")
                .append(RateMeter.format(progress.modelsPublished())).append(" models published");
        if (progress.badRecordTotal() > 0) {
            line.append(", skipped ").append(progress.badRecords());
        }
        if (progress.lateEvents() > 0) {
            line.append(", ").append(RateMeter.format(progress.lateEvents())).append(" late");
        }
        return line.toString();
    }
}
