package dev.doppel.cli;

import dev.doppel.cluster.KafkaCluster;
import dev.doppel.generate.ModelTopicReader;
import dev.doppel.model.CategoricalMarginal;
import dev.doppel.codec.CollectionPaths;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.NumericMarginal;
import dev.doppel.model.RateModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code doppel model show}: prints a model snapshot readably. */
@Command(name = "show", mixinStandardHelpOptions = true,
        header = "Prints a model snapshot readably.",
        description = "Prints the newest model of a model topic, or a model file: its source, when it was built, its "
            + "windows and events, the rate timeline, and per field its type, role, null rate and distribution.")
final class ModelShowCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** The model topic (with the brokers), or a file. */
    static final class Source {
        @ArgGroup(exclusive = false)
        FromTopic topic;

        @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "A model file (from learn --model-out).")
        Path modelFile;
    }

    static final class FromTopic {
        @Option(names = {"-m", "--model-topic"}, required = true, paramLabel = "TOPIC", description = "The model topic; its newest model is shown.")
        String modelTopic;

        @ArgGroup(exclusive = false, multiplicity = "1")
        KafkaOptions kafka;
    }

    @Option(names = "--model-wait", defaultValue = "10s", paramLabel = "DURATION",
            description = "How long to wait for a model in the model topic (default: ${DEFAULT-VALUE}).")
    Duration modelWait;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelSnapshot model;
        if (source.modelFile != null) {
            model = ModelFormat.read(source.modelFile);
        } else {
            try (KafkaCluster cluster = source.topic.kafka.connect()) {
                cluster.requireTopic(source.topic.modelTopic, "model topic");
                model = ModelTopicReader.newest(cluster.clientProperties(), source.topic.modelTopic, modelWait);
            }
        }
        spec.commandLine().getOut().print(describe(model));
        return ExitCodes.OK;
    }

    /** The model as text: a header, the windows and rate, then one line per field. */
    static String describe(ModelSnapshot model) {
        RateModel rate = model.rate();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "model of %s (%s), built %s%n", model.sourceTopic(), model.valueFormat(),
                Instant.ofEpochMilli(model.builtAt())));
        text.append(String.format(Locale.ROOT, "  learned from %s events, %s to %s, in %s window reports%n",
                RateMeter.format(model.events()), time(model.firstEvent()), time(model.lastEvent()),
                RateMeter.format(model.windowReports())));
        text.append(String.format(Locale.ROOT, "  windows: %s%s; distributions over %s%n",
                DurationConverter.format(Duration.ofMillis(rate.windowMs())),
                rate.advanceMs() == rate.windowMs() ? " tumbling" : " hopping by " + DurationConverter.format(Duration.ofMillis(rate.advanceMs())),
                rate.horizon() == 0 ? "everything learned, equally"
                        : "the newest " + rate.horizon() + " windows, the i-th newest weighted 2^(-3i/" + rate.horizon() + ")"));
        text.append("  event time: ").append(rate.timeField() == null ? "no field carries the record timestamp" : "field " + rate.timeField())
                .append(System.lineSeparator());
        text.append("  keys: ").append(keys(model)).append(System.lineSeparator());
        long[] counts = model.timeline().values().stream().mapToLong(Long::longValue).sorted().toArray();
        if (counts.length > 0) {
            text.append(String.format(Locale.ROOT, "  timeline: %d windows of %s from %s, events per window min %s / median %s / max %s, %.2f events/s on average%n",
                    counts.length, DurationConverter.format(Duration.ofMillis(model.windowSizeMs())), time(model.timeline().firstKey()),
                    RateMeter.format(counts[0]), RateMeter.format(counts[counts.length / 2]), RateMeter.format(counts[counts.length - 1]),
                    model.meanEventsPerSecond()));
        }
        if (rate.gaps() != null) {
            text.append(String.format(Locale.ROOT, "  inter-arrival (per partition): mean %.0f ms, p10 / p50 / p90 %s ms, burstiness %.2f (-1 regular, 0 Poisson, 1 bursty)%n",
                    rate.meanGapMs(), triple(rate.gaps(), v -> String.format(Locale.ROOT, "%.0f", v)), rate.burstiness()));
        }
        text.append(String.format(Locale.ROOT, "  fields (%d):%n", model.fields().size()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"field", "type", "role", "nulls", "distribution"});
        for (FieldModel field : model.fields()) {
            rows.add(new String[] {field.name(), CollectionPaths.describe(field.name(), field.type()),
                field.name().equals(rate.timeField()) ? "event time" : field.role().label(),
                String.format(Locale.ROOT, "%.1f%%", 100 * field.nullRate()), distribution(field)});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            text.append("    ");
            for (int i = 0; i < row.length; i++) {
                text.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            text.append(System.lineSeparator());
        }
        text.append(jointModel(model));
        return text.toString();
    }

    /** The joint part: copula, dependency tables, entity sequences and per-state copulas, one line each. */
    private static String jointModel(ModelSnapshot model) {
        StringBuilder text = new StringBuilder();
        if (model.copula() != null) {
            text.append(String.format(Locale.ROOT, "  copula: %d fields (%s), from %s sampled rows%n", model.copula().fields().size(),
                    String.join(", ", model.copula().fields()), RateMeter.format(model.copula().rows())));
        }
        for (dev.doppel.model.Dependency dependency : model.dependencies()) {
            text.append(String.format(Locale.ROOT, "  dependency (%s, strength %.3f): %s -> %s, %d combinations%n",
                    dependency.kind().name().toLowerCase(Locale.ROOT), dependency.strength(), String.join(", ", dependency.determinants()),
                    String.join(", ", dependency.dependents()), dependency.combinations().size()));
        }
        if (model.sequences() != null) {
            dev.doppel.model.SequenceModel chain = model.sequences();
            text.append(String.format(Locale.ROOT, "  entities: keyed by %s, states of %s (%d: %s), attributes %s%n",
                    chain.keyField() == null ? "the record key" : chain.keyField(), chain.stateField(), chain.states().size(),
                    String.join(", ", chain.states()), chain.attributes().isEmpty() ? "none" : String.join(", ", chain.attributes())));
            dev.doppel.model.EntityCopula entities = chain.entityCopula();
            if (entities != null) {
                // Per attribute, how it goes with the entity's length and start hour (latent correlations).
                StringBuilder links = new StringBuilder();
                for (int i = 0; i < entities.fieldColumns() - 1; i++) {
                    String attribute = entities.columns().get(i);
                    links.append(String.format(Locale.ROOT, "%s%s r=%+.2f with events, %+.2f with start hour", links.length() == 0 ? "" : "; ",
                            attribute, entities.correlation(attribute, dev.doppel.model.EntityCopula.EVENTS),
                            entities.correlation(attribute, dev.doppel.model.EntityCopula.START_HOUR)));
                }
                text.append(String.format(Locale.ROOT, "  entity copula, from %s sampled entities: %s%n",
                        RateMeter.format(entities.entities()), links));
            }
        }
        for (dev.doppel.model.StateCopula state : model.stateCopulas()) {
            text.append(String.format(Locale.ROOT, "  copula of %s = %s: %d fields, from %s sampled rows%n", state.stateField(), state.state(),
                    state.fields().size(), RateMeter.format(state.rows())));
        }
        return text.toString();
    }

    private static String distribution(FieldModel field) {
        if (field.alwaysNull()) {
            return "always null";
        }
        if (field.role().synthesized()) {
            return "made up in the real values' shape" + (field.distinct() >= 0 ? " (" + RateMeter.format(field.distinct()) + " distinct)" : "");
        }
        return switch (field.type()) {
            case LONG -> "p10 / p50 / p90 " + triple(field.numeric(), v -> String.valueOf(Math.round(v)));
            case DOUBLE -> "p10 / p50 / p90 " + triple(field.numeric(), v -> String.format(Locale.ROOT, "%.4g", v));
            case TIMESTAMP -> "p10 / p50 / p90 " + triple(field.numeric(), v -> field.timestampFormat().format(Math.round(v)));
            case BOOLEAN -> String.format(Locale.ROOT, "true %.1f%%", 100 * field.trueRate());
            case STRING -> categories(field.categorical());
        };
    }

    private static String triple(NumericMarginal marginal, java.util.function.DoubleFunction<String> format) {
        return format.apply(marginal.quantile(0.1)) + " / " + format.apply(marginal.quantile(0.5)) + " / " + format.apply(marginal.quantile(0.9));
    }

    private static String categories(CategoricalMarginal categorical) {
        double[] weights = categorical.weights();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(3, weights.length); i++) {
            text.append(categorical.values().get(i)).append(String.format(Locale.ROOT, " %.1f%% ", 100 * weights[i]));
        }
        text.append("(").append(weights.length).append(" values");
        if (categorical.unseenWeight() > 0) {
            text.append(String.format(Locale.ROOT, ", %.1f%% in rarer ones not kept", 100 * categorical.unseenWeight()));
        }
        return text.append(")").toString();
    }

    private static String time(long epochMillis) {
        return epochMillis == Long.MAX_VALUE || epochMillis == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** How the mirror's keys are made: none, or made up (as the key field's value, or in the keys' shape), as text or Avro. */
    private static String keys(ModelSnapshot model) {
        if (!model.hasKeys()) {
            return "none";
        }
        String written = model.keySchema() == null ? "UTF-8 text"
                : "Avro " + new org.apache.avro.Schema.Parser().parse(model.keySchema()).getType().getName() + " (wire format)";
        String made = model.keyField() != null ? "the made-up value of field " + model.keyField()
                : "made up as " + model.key().role().label() + " (" + model.key().roleReason() + ")";
        return String.format(Locale.ROOT, "%s, %s, %.1f%% null", made, written, 100 * model.key().nullRate());
    }
}
