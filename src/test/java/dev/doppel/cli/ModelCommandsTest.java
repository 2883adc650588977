package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.model.ModelFormat;
import dev.doppel.model.RateModelTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model show} and the model-file and rate options, without a broker. */
class ModelCommandsTest {

    @TempDir
    Path dir;

    @Test
    void modelShowPrintsAModelFileReadably() {
        Path file = dir.resolve("flights.model");
        ModelFormat.write(RateModelTestData.flights(), file);

        CommandHarness.Result shown = CommandHarness.run("model", "show", "--model-file", file.toString()).ensureOk();

        assertThat(shown.out()).contains(
                "model of flights (JSON), built 2023-11-14T22:13:20Z",
                "learned from 42 events, 1970-01-01T00:00:00.005Z to 1970-01-01T00:29:59.999Z, in 2 window reports",
                "windows: 1h hopping by 15m; distributions over the newest 4 windows, the i-th newest weighted 2^(-3i/4)",
                "event time: field date",
                "keys: none",
                "timeline: 2 windows of 15m from 1970-01-01T00:00:00Z, events per window min 12 / median 30 / max 30",
                "inter-arrival (per partition): mean 15000 ms, p10 / p50 / p90 0 / 0 / 60000 ms, burstiness 0.42",
                "fields (2):");
        assertThat(shown.out().lines().filter(line -> line.startsWith("    date "))).singleElement().satisfies(line ->
                assertThat(line).contains("timestamp", "event time", "0.0%", "p10 / p50 / p90 1970-01-01 00:00:00 / 1970-01-01 00:29:59 / 1970-01-01 00:29:59"));
        assertThat(shown.out().lines().filter(line -> line.startsWith("    delay "))).singleElement().satisfies(line ->
                assertThat(line).contains("long", "numeric", "10.0%", "p10 / p50 / p90 -3 / 0 / 40"));
    }

    @Test
    void modelShowAndTheProfileTableNameTheKindOfEachArrayAndMapField() {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [
                  {"name": "tags", "type": {"type": "array", "items": "string"}},
                  {"name": "attrs", "type": {"type": "map", "values": "long"}}]}""");
        dev.doppel.codec.avro.AvroRowCodec codec = new dev.doppel.codec.avro.AvroRowCodec(schema);
        dev.doppel.stats.WindowStats window = new dev.doppel.stats.WindowStats(0, 1_000);
        for (int i = 0; i < 30; i++) {
            java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
            values.put("tags[]#length", (long) (i % 3));
            values.put("tags[]", java.util.Collections.nCopies(i % 3, i % 2 == 0 ? "red" : "blue"));
            values.put("attrs{}#length", 1L);
            values.put("attrs{}#key", java.util.List.of("size"));
            values.put("attrs{}", java.util.List.of((long) i));
            window.observe(codec.decode(codec.encode(dev.doppel.codec.Row.of(values))), i);
        }
        dev.doppel.stats.TopicStats stats = new dev.doppel.stats.TopicStats("orders", 1_000);
        stats.add(window);
        dev.doppel.model.ModelSnapshot model = new dev.doppel.model.ModelBuilder(java.time.Clock.systemUTC()).build(stats);
        Path file = dir.resolve("orders.model");
        ModelFormat.write(model, file);

        CommandHarness.Result shown = CommandHarness.run("model", "show", "--model-file", file.toString()).ensureOk();

        // The record timestamps (0 to 29 ms) are within a second of the lengths, but a length is no time.
        assertThat(shown.out()).doesNotContain("event time: field");
        assertThat(shown.out().lines().filter(line -> line.startsWith("    tags[]#length "))).singleElement()
                .satisfies(line -> assertThat(line).contains("array length", "p10 / p50 / p90 0 / 1 / 2"));
        assertThat(shown.out().lines().filter(line -> line.startsWith("    tags[] "))).singleElement()
                .satisfies(line -> assertThat(line).contains("string elements", "blue", "red"));
        assertThat(shown.out().lines().filter(line -> line.startsWith("    attrs{}#key "))).singleElement()
                .satisfies(line -> assertThat(line).contains("map keys", "size"));
        assertThat(shown.out().lines().filter(line -> line.startsWith("    attrs{} "))).singleElement()
                .satisfies(line -> assertThat(line).contains("long values"));
        assertThat(ProfileTable.of(model, false).lines().filter(line -> line.contains("attrs{}#length"))).singleElement()
                .satisfies(line -> assertThat(line).contains("map size", "numeric"));
    }

    @Test
    void modelShowOfAFileThatIsNoModelSaysSoInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("not.model"), "hello");

        CommandHarness.Result shown = CommandHarness.run("model", "show", "--model-file", file.toString());

        assertThat(shown.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(shown.err().strip().lines()).singleElement().asString().startsWith("doppel: not a doppel model snapshot");
    }

    @Test
    void modelShowNeedsATopicWithBrokersOrAFileButNotBoth() {
        assertThat(CommandHarness.run("model", "show").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CommandHarness.run("model", "show", "-m", "models").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CommandHarness.run("model", "show", "-m", "models", "-b", "127.0.0.1:1", "--model-file", "x").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void generateTakesAModelTopicOrAModelFileAndSpeedOnlyWithFollow() {
        CommandHarness.Result neither = CommandHarness.run("generate", "-b", "127.0.0.1:1", "-o", "mirror");
        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("Missing required argument", "-m=TOPIC", "--model-file=FILE");

        Path file = dir.resolve("flights.model");
        ModelFormat.write(RateModelTestData.flights(), file);
        CommandHarness.Result speedAlone = CommandHarness.run("generate", "-b", "127.0.0.1:1", "--model-file", file.toString(),
                "-o", "mirror", "--speed", "10");
        assertThat(speedAlone.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(speedAlone.err()).contains("--speed is for --rate follow");

        CommandHarness.Result badRate = CommandHarness.run("generate", "-b", "127.0.0.1:1", "--model-file", file.toString(),
                "-o", "mirror", "--rate", "sometimes");
        assertThat(badRate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRate.err()).contains("'sometimes' is not a rate");
    }

    @Test
    void modelShowNamesRolesAndTheJointModelAndShowsNoIdentifierValue() {
        java.util.Random random = new java.util.Random(3);
        dev.doppel.stats.WindowStats window = new dev.doppel.stats.WindowStats(0, Long.MAX_VALUE / 2);
        for (int i = 0; i < 1_000; i++) {
            double x = random.nextGaussian();
            window.observe(dev.doppel.codec.Row.of(java.util.Map.of("id", "ORD-" + (10_000 + i), "x", x, "y", x + 0.1 * random.nextGaussian())), i);
        }
        dev.doppel.stats.TopicStats stats = new dev.doppel.stats.TopicStats("orders", Long.MAX_VALUE / 2);
        stats.add(window);
        String text = ModelShowCommand.describe(new dev.doppel.model.ModelBuilder(java.time.Clock.systemUTC()).build(stats));

        assertThat(text).contains("identifier", "made up in the real values' shape", "copula: 2 fields").doesNotContain("ORD-1");
    }

    @Test
    void modelShowTellsHowEachAttributeGoesWithTheEntitysLengthAndStartHour() {
        double[][] quantiles = new double[4][dev.doppel.model.EntityCopula.QUANTILES];
        for (double[] column : quantiles) {
            for (int k = 0; k < column.length; k++) {
                column[k] = k;
            }
        }
        double[][] correlation = {{1, 0, 0.62, -0.3}, {0, 1, 0, 0}, {0.62, 0, 1, 0}, {-0.3, 0, 0, 1}};
        dev.doppel.model.EntityCopula entities = new dev.doppel.model.EntityCopula(
                java.util.List.of("country", "s", dev.doppel.model.EntityCopula.EVENTS, dev.doppel.model.EntityCopula.START_HOUR),
                quantiles, correlation, 480);
        dev.doppel.model.SequenceModel chain = new dev.doppel.model.SequenceModel("user", "s", java.util.List.of("a", "b"),
                new long[] {3, 1}, new long[][] {{1, 2, 1}, {0, 1, 2}}, java.util.Arrays.asList(null, null), null,
                java.util.List.of("country"), 0.1, 2.0, 60_000, entities);

        String text = ModelShowCommand.describe(RateModelTestData.flights().withSequences(chain));

        assertThat(text).contains("attributes country",
                "entity copula, from 480 sampled entities: country r=+0.62 with events, -0.30 with start hour");
    }
}
