package dev.doppel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code doppel demo} as a newcomer runs it: its own broker, the bundled data, a table at the end, nothing left behind. */
class DemoIT {

    @Test
    void theDemoRunsTheWholeFlowAndLeavesNoTemporaryDirectoryBehind() throws IOException {
        Set<Path> before = doppelTempDirs();

        CommandHarness.Result result = CommandHarness.run("demo").ensureOk();

        assertThat(result.out()).contains("[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]", "published 163,987",
                "model: 163,987 events, 40 windows", "generated 163,987 events");
        for (String field : new String[] {"date", "delay", "distance", "origin", "destination"}) {
            assertThat(result.out()).containsPattern("(?m)^  " + field + " +(timestamp|long|string) .*(KS|TVD) 0\\.0\\d\\d");
        }
        assertThat(result.out()).contains("as Avro", "the broker and the registry are stopped and their files removed");
        assertThat(doppelTempDirs()).isSubsetOf(before);
    }

    private static Set<Path> doppelTempDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("doppel-")).collect(Collectors.toSet());
        }
    }
}
