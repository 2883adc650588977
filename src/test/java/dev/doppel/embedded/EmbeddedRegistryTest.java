package dev.doppel.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.embedded.EmbeddedRegistry.Distribution;
import dev.doppel.errors.DoppelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding distributions and Java runtimes, without starting anything. */
class EmbeddedRegistryTest {

    @TempDir
    Path home;

    @AfterEach
    void forgetHome() {
        System.clearProperty(EmbeddedRegistry.HOME_PROPERTY);
    }

    @Test
    void distributionsAreFoundInTheirSubdirectories() throws IOException {
        Path quarkusRun = touch(home.resolve("apicurio-3/quarkus-run.jar"));
        Path runner = touch(home.resolve("apicurio-2/apicurio-registry-app-2.6.13.Final-runner.jar"));

        assertThat(EmbeddedRegistry.launchJar(home, Distribution.APICURIO_3)).contains(quarkusRun);
        assertThat(EmbeddedRegistry.launchJar(home, Distribution.APICURIO_2)).contains(runner);
    }

    @Test
    void theHomeMayBeOneUnpackedDistribution() throws IOException {
        Path runner = touch(home.resolve("apicurio-registry-app-2.6.13.Final-runner.jar"));

        assertThat(EmbeddedRegistry.launchJar(home, Distribution.APICURIO_2)).contains(runner);
        assertThat(EmbeddedRegistry.launchJar(home, Distribution.APICURIO_3)).isEmpty();
    }

    @Test
    void withoutADistributionStartSaysHowToGetOne() {
        System.setProperty(EmbeddedRegistry.HOME_PROPERTY, home.toString());

        assertThatThrownBy(EmbeddedRegistry::start)
                .isInstanceOf(DoppelException.class)
                .hasMessageContaining(home.toAbsolutePath().toString())
                .hasMessageContaining("mvn process-test-resources")
                .hasMessageContaining(EmbeddedRegistry.HOME_PROPERTY);
    }

    @Test
    void aRegistryThatExitsAtOnceIsReportedWithItsLogTail() throws IOException {
        // An empty file named like the launcher: 'java -jar' fails at once and says why in the log.
        touch(home.resolve("apicurio-2/apicurio-registry-app-2.6.13.Final-runner.jar"));
        System.setProperty(EmbeddedRegistry.HOME_PROPERTY, home.toString());

        assertThatThrownBy(() -> EmbeddedRegistry.start(Distribution.APICURIO_2))
                .isInstanceOf(DoppelException.class)
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("Invalid or corrupt jarfile");
    }

    @Test
    void javaVersionsAreReadFromBothNumberingSchemes() {
        assertThat(JavaRuntimes.parseFeatureVersion("\"25.0.3\"")).isEqualTo(OptionalInt.of(25));
        assertThat(JavaRuntimes.parseFeatureVersion("\"21\"")).isEqualTo(OptionalInt.of(21));
        assertThat(JavaRuntimes.parseFeatureVersion("\"17.0.15\"")).isEqualTo(OptionalInt.of(17));
        assertThat(JavaRuntimes.parseFeatureVersion("\"1.8.0_392\"")).isEqualTo(OptionalInt.of(8));
        assertThat(JavaRuntimes.parseFeatureVersion("\"ea\"")).isEmpty();
    }

    @Test
    void aJdkVersionIsReadFromItsReleaseFile() throws IOException {
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"21.0.7\"\n");

        assertThat(JavaRuntimes.featureVersion(home)).isEqualTo(OptionalInt.of(21));
        assertThat(JavaRuntimes.featureVersion(home.resolve("no-such-jdk"))).isEmpty();
    }

    @Test
    void theJavaFoundForAMinimumVersionIsAtLeastThatVersion() {
        assertThat(JavaRuntimes.find(Runtime.version().feature())).isPresent();
        assertThat(JavaRuntimes.find(10_000)).isEmpty();
        JavaRuntimes.find(21).ifPresent(java ->
                assertThat(JavaRuntimes.featureVersion(java.getParent().getParent()).orElse(0)).isGreaterThanOrEqualTo(21));
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }
}
