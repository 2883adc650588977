package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.testing.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doppel profile --input FILE}: no broker needed. */
class ProfileCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFileIsProfiledFieldByFieldWithSyntheticExamples() {
        CommandHarness.Result result = CommandHarness.run("profile", "--input", RealData.path(RealData.STORMS).toString()).ensureOk();
        assertThat(result.out()).startsWith("profile of storms_noaa_hurdat2.csv: 10,000 records")
                .containsPattern("storm_id +string +entity_key +\\d+ distinct id-shaped values of 10,000, about \\d+ events each")
                .containsPattern("ts +timestamp +event_time +timestamps")
                .containsPattern("status +string +categorical")
                .containsPattern("wind +long +numeric +integers")
                .contains("set roles by hand with --profile FILE");
    }

    @Test
    void maxLimitsTheRecordsRead() {
        CommandHarness.Result result = CommandHarness.run("profile", "-i", RealData.path(RealData.FLIGHTS).toString(), "--max", "500").ensureOk();
        assertThat(result.out()).startsWith("profile of flights_2001_jan.csv: 500 records")
                .containsPattern("origin +string +categorical +\\d+ distinct of 500 +0\\.0% +\\d+ +AAA");
    }

    @Test
    void aProfileFileNamingAFieldTheFileLacksIsOneLine() throws Exception {
        Path profile = dir.resolve("p.yaml");
        Files.writeString(profile, "fields:\n  stormid: entity_key\n");
        CommandHarness.Result result = CommandHarness.run("profile", "-i", RealData.path(RealData.STORMS).toString(),
                "--profile", profile.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err().strip()).startsWith("doppel: profile file " + profile + ": no field named 'stormid' in the data")
                .doesNotContain("\n");
    }

    @Test
    void aTopicAndAFileExcludeEachOtherAndOneIsNeeded() {
        CommandHarness.Result neither = CommandHarness.run("profile");
        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("Error: Missing required argument");
        CommandHarness.Result both = CommandHarness.run("profile", "-i", "x.csv", "-b", "localhost:1", "-t", "t");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
