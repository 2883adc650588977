package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line: one clear line on stderr, a non-zero exit, never a stack trace. */
class CommandLineErrorsTest {

    /** A loopback port where nothing listens. */
    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path dir;

    private static void assertOneLineError(CommandHarness.Result result, int exitCode, String contains) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isEqualTo(exitCode);
        assertThat(result.err().strip().lines()).as("stderr").hasSize(1);
        assertThat(result.err()).startsWith("doppel: ").contains(contains).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Nested
    class Usage {

        @Test
        void anUnknownOptionIsAUsageError() {
            assertOneLineError(CommandHarness.run("publish", "-b", NO_BROKER, "-t", "t", "-i", "x.csv", "--no-such-option"), ExitCodes.USAGE, "--no-such-option");
        }

        @Test
        void aMissingRequiredOptionIsNamed() {
            assertOneLineError(CommandHarness.run("learn", "-b", NO_BROKER), ExitCodes.USAGE, "--source-topic");
        }

        @Test
        void aDurationThatIsNotOneSaysHowToWriteIt() {
            assertOneLineError(CommandHarness.run("learn", "-b", NO_BROKER, "-s", "t", "--window", "soon"),
                    ExitCodes.USAGE, "use a number with ms, s, m, h or d");
        }

        @Test
        void aRateThatIsNotOneSaysWhatIsAccepted() {
            assertOneLineError(CommandHarness.run("generate", "-b", NO_BROKER, "-m", "m", "-o", "o", "--rate", "-5"),
                    ExitCodes.USAGE, "positive number of events per second, or max");
        }

        @Test
        void speedAndMaxSpeedExcludeEachOther() {
            assertOneLineError(CommandHarness.run("publish", "-b", NO_BROKER, "-t", "t", "-i", "x.csv", "--speed", "2", "--max-speed"),
                    ExitCodes.USAGE, "mutually exclusive");
        }

        @Test
        void helpListsEveryCommand() {
            CommandHarness.Result result = CommandHarness.run("--help").ensureOk();
            assertThat(result.out()).contains("demo", "publish", "learn", "generate", "profile");
        }
    }

    @Nested
    class BadInput {

        @Test
        void aMissingInputFileIsNamed() {
            assertOneLineError(CommandHarness.run("publish", "-b", NO_BROKER, "-t", "t", "-i", dir.resolve("nope.csv").toString()),
                    ExitCodes.FAILED, "input file not found: " + dir.resolve("nope.csv"));
        }

        @Test
        void aTimeFieldThatIsNotAColumnListsTheColumns() throws Exception {
            Path file = Files.writeString(dir.resolve("events.csv"), "when,amount\n2024-01-01 00:00:00,3\n");
            assertOneLineError(CommandHarness.run("publish", "-b", NO_BROKER, "--timeout", "2s", "-t", "t", "-i", file.toString(),
                    "--time-field", "time"), ExitCodes.FAILED, "(columns: when, amount)");
        }

        @Test
        void aTimeFieldOfTextIsRefused() throws Exception {
            Path file = Files.writeString(dir.resolve("events.csv"), "when,amount\nyesterday,3\n");
            assertOneLineError(CommandHarness.run("publish", "-b", NO_BROKER, "--timeout", "2s", "-t", "t", "-i", file.toString(),
                    "--time-field", "when"), ExitCodes.FAILED, "must hold timestamps");
        }

        @Test
        void avroKeysNeedAKeyFieldAndARegistry() throws Exception {
            Path file = Files.writeString(dir.resolve("events.csv"), "id,amount\n1,3\n");
            assertOneLineError(CommandHarness.run("publish", "-b", NO_BROKER, "-t", "t", "-i", file.toString(),
                    "--key-format", "avro", "--schema-registry", "http://localhost:1"), ExitCodes.FAILED, "--key-format avro needs --key-field");
            assertOneLineError(CommandHarness.run("publish", "-b", NO_BROKER, "-t", "t", "-i", file.toString(),
                    "--key-format", "avro", "--key-field", "id"), ExitCodes.FAILED, "--key-format avro needs --schema-registry");
            assertOneLineError(CommandHarness.run("publish", "-b", NO_BROKER, "-t", "t", "-i", file.toString(),
                    "--key-format", "json"), ExitCodes.USAGE, "--key-format");
        }

        @Test
        void aMissingClientConfigFileIsNamed() {
            assertOneLineError(CommandHarness.run("learn", "-b", NO_BROKER, "-s", "t", "--client-config", dir.resolve("client.properties").toString()),
                    ExitCodes.FAILED, "client config file not found");
        }

        @Test
        void aProfileFileIsCheckedBeforeAnythingStarts() throws Exception {
            Path missing = dir.resolve("missing.yaml");
            assertOneLineError(CommandHarness.run("learn", "-b", NO_BROKER, "-s", "t", "--profile", missing.toString()),
                    ExitCodes.FAILED, "profile file " + missing + " not found");
            Path badRole = Files.writeString(dir.resolve("bad-role.yaml"), "fields:\n  origin: airport\n");
            assertOneLineError(CommandHarness.run("generate", "-b", NO_BROKER, "-m", "m", "-o", "o", "--profile", badRole.toString()),
                    ExitCodes.FAILED, "field origin: unknown role 'airport'");
            Path badField = Files.writeString(dir.resolve("bad-field.yaml"), "fields:\n  airport: categorical\n");
            assertOneLineError(CommandHarness.run("demo", "--value-format", "json", "--profile", badField.toString()),
                    ExitCodes.FAILED, "no field named 'airport' in the data (fields: date, delay, distance, origin, destination)");
        }

        @Test
        void anEntityGapThatIsNotPositiveOrAKeyFieldThatIsAlsoTheStateFieldIsRefusedBeforeConnecting() {
            assertOneLineError(CommandHarness.run("learn", "-b", NO_BROKER, "-s", "t", "--entity-gap", "0s"),
                    ExitCodes.FAILED, "--entity-gap must be positive");
            assertOneLineError(CommandHarness.run("learn", "-b", NO_BROKER, "-s", "t", "--key-field", "id", "--state-field", "id"),
                    ExitCodes.FAILED, "--key-field and --state-field must differ");
        }

        @Test
        void anUnreachableBrokerIsReportedWithinTheTimeout() {
            assertOneLineError(CommandHarness.run("learn", "-b", NO_BROKER, "--timeout", "2s", "-s", "t"),
                    ExitCodes.FAILED, "cannot reach Kafka at " + NO_BROKER);
        }
    }
}
