package dev.doppel.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Finds a Java runtime new enough for a child process: Apicurio 3 needs Java 21 while doppel
 * itself runs on 17, so the JVM running us is not always the one to use.
 */
final class JavaRuntimes {

    /** The JDK this project's machines have for Java 21+ programs; tried first when present. */
    static final Path PREFERRED_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /** Where Debian, Ubuntu and the Temurin packages install JDKs. */
    static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

    private JavaRuntimes() {}

    /** The {@code bin/java} of the JVM running this code. */
    static Path current() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * A {@code java} executable of at least the given feature version: the preferred JDK, then the
     * current JVM, then {@code JAVA_HOME}, then the newest JDK under {@link #JVM_DIRECTORY}.
     */
    static Optional<Path> find(int minimumFeature) {
        List<Path> homes = new ArrayList<>();
        homes.add(PREFERRED_JDK);
        homes.add(Path.of(System.getProperty("java.home")));
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Path.of(javaHome));
        }
        homes.addAll(newestFirst(JVM_DIRECTORY));
        for (Path home : homes) {
            Path java = home.resolve("bin").resolve("java");
            if (Files.isExecutable(java) && featureVersion(home).orElse(0) >= minimumFeature) {
                return Optional.of(java);
            }
        }
        return Optional.empty();
    }

    /**
     * The feature version (17, 21, 25...) of the JDK or JRE installed at {@code home}, from its
     * {@code release} file, so no process has to be started to ask; empty if it can't be told.
     */
    static OptionalInt featureVersion(Path home) {
        if (home.equals(Path.of(System.getProperty("java.home")))) {
            return OptionalInt.of(Runtime.version().feature());
        }
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return OptionalInt.empty();
        }
        try (Stream<String> lines = Files.lines(release)) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .findFirst()
                    .map(line -> parseFeatureVersion(line.substring("JAVA_VERSION=".length())))
                    .orElse(OptionalInt.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** "25.0.3" → 25, "21" → 21, "1.8.0_392" → 8 (the old scheme), anything else → empty. */
    static OptionalInt parseFeatureVersion(String javaVersion) {
        String version = javaVersion.strip().replace("\"", "");
        if (version.startsWith("1.")) {
            version = version.substring(2);
        }
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(version.substring(0, end)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static List<Path> newestFirst(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(directory)) {
            return homes.filter(Files::isDirectory)
                    .sorted(Comparator.comparingInt((Path home) -> featureVersion(home).orElse(0)).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
