package dev.doppel.embedded;

import dev.doppel.errors.DoppelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry, run as a child process with in-memory storage, for tests and the demo.
 * Clients talk to its Confluent-compatible API at {@link #baseUrl()}.
 *
 * <p>The distributions are unpacked by the build into {@code target/apicurio-3} and
 * {@code target/apicurio-2}; set the system property {@value #HOME_PROPERTY} (or the environment
 * variable {@value #HOME_ENV}) to another directory holding those two, or to one unpacked
 * distribution itself. {@link #start()} prefers Apicurio 3, which needs Java 21+ (taken from
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64}, the running JVM, {@code JAVA_HOME} or
 * {@code /usr/lib/jvm}), and falls back to Apicurio 2.6 on the running JVM.
 *
 * <p>It differs from Confluent's registry in ways tests must not depend on: the default
 * compatibility level is NONE (not BACKWARD), and schema ids are not contiguous.
 *
 * <p>Lifecycle: the start methods return once the registry answers, or throw a
 * {@link DoppelException} with the tail of its log. {@link #close()} stops the process and
 * deletes its temporary directory (log included); a shutdown hook does the same if the JVM exits
 * without closing it. Both HTTP and management ports are free ports on 127.0.0.1.
 */
public final class EmbeddedRegistry implements AutoCloseable {

    /** System property naming the directory with the unpacked distributions. */
    public static final String HOME_PROPERTY = "doppel.apicurio.home";

    /** Environment variable naming that directory when the system property is not set. */
    public static final String HOME_ENV = "DOPPEL_APICURIO_HOME";

    /** System property: seconds to wait for the registry to answer (default 60). */
    public static final String STARTUP_TIMEOUT_PROPERTY = "doppel.apicurio.startup-timeout-seconds";

    /** The Apicurio Registry releases this class knows how to run. */
    public enum Distribution {
        /** Apicurio Registry 3.3.3, a Quarkus fast-jar started through quarkus-run.jar; Java 21+. */
        APICURIO_3("3.3.3", "apicurio-3", 21),
        /** Apicurio Registry 2.6.13.Final, a Quarkus legacy jar (*-runner.jar); Java 17+. */
        APICURIO_2("2.6.13.Final", "apicurio-2", 17);

        private final String version;
        private final String directoryName;
        private final int minimumJava;

        Distribution(String version, String directoryName, int minimumJava) {
            this.version = version;
            this.directoryName = directoryName;
            this.minimumJava = minimumJava;
        }

        /** The Apicurio Registry version, as in its Maven coordinates. */
        public String version() {
            return version;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRegistry.class);

    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final int LOG_TAIL_LINES = 40;
    private static final int START_ATTEMPTS = 3;

    private final Distribution distribution;
    private final Process process;
    private final String baseUrl;
    private final Path workDirectory;
    private final Path logFile;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedRegistry(
            Distribution distribution, Process process, String baseUrl, Path workDirectory, Path logFile, Thread shutdownHook) {
        this.distribution = distribution;
        this.process = process;
        this.baseUrl = baseUrl;
        this.workDirectory = workDirectory;
        this.logFile = logFile;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts the newest distribution that can run here: Apicurio 3 if it is unpacked and a Java 21+
     * is installed, else Apicurio 2.
     *
     * @throws DoppelException if neither can be found or the registry doesn't come up
     */
    public static EmbeddedRegistry start() {
        Path home = home();
        Optional<Path> java21 = javaFor(Distribution.APICURIO_3);
        Optional<Path> apicurio3 = launchJar(home, Distribution.APICURIO_3);
        if (apicurio3.isPresent() && java21.isPresent()) {
            return start(Distribution.APICURIO_3, apicurio3.get(), java21.get());
        }
        Optional<Path> apicurio2 = launchJar(home, Distribution.APICURIO_2);
        if (apicurio2.isPresent()) {
            log.info("Falling back to Apicurio Registry {}: {}", Distribution.APICURIO_2.version(),
                    apicurio3.isEmpty() ? "Apicurio 3 is not unpacked under " + home : "no Java 21+ found");
            return start(Distribution.APICURIO_2, apicurio2.get(), JavaRuntimes.current());
        }
        throw new DoppelException(missingDistributionMessage(home));
    }

    /**
     * Starts one distribution in particular.
     *
     * @throws DoppelException if it is not unpacked, no Java is new enough for it, or it doesn't
     *     come up
     */
    public static EmbeddedRegistry start(Distribution distribution) {
        Path home = home();
        Path jar = launchJar(home, distribution)
                .orElseThrow(() -> new DoppelException(missingDistributionMessage(home)));
        Path java = javaFor(distribution)
                .orElseThrow(() -> new DoppelException("Apicurio Registry " + distribution.version() + " needs Java "
                        + distribution.minimumJava + "+, and none was found (tried " + JavaRuntimes.PREFERRED_JDK
                        + ", this JVM, JAVA_HOME and " + JavaRuntimes.JVM_DIRECTORY + ")"));
        return start(distribution, jar, java);
    }

    /** The Confluent-compatible REST root, {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Which release is running. */
    public Distribution distribution() {
        return distribution;
    }

    /** The registry's console output; deleted by {@link #close()}. */
    public Path logFile() {
        return logFile;
    }

    /** The child process's id, e.g. to measure its memory. */
    public long pid() {
        return process.pid();
    }

    /** Stops the registry and deletes its directory; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop(process);
        TempDirs.deleteRecursively(workDirectory);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; it will find the process already gone.
        }
        log.info("Stopped Apicurio Registry {} (pid {})", distribution.version(), process.pid());
    }

    private static EmbeddedRegistry start(Distribution distribution, Path jar, Path java) {
        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory("doppel-apicurio-");
            Files.createDirectories(workDirectory.resolve("tmp"));
        } catch (IOException e) {
            throw new DoppelException("cannot create a temporary directory for the embedded registry: " + e.getMessage(), e);
        }
        Path logFile = workDirectory.resolve("registry.log");
        try {
            for (int attempt = 1; ; attempt++) {
                Optional<EmbeddedRegistry> started = tryStart(distribution, jar, java, workDirectory, logFile);
                if (started.isPresent()) {
                    return started.get();
                }
                if (attempt == START_ATTEMPTS) {
                    throw new DoppelException("Apicurio Registry " + distribution.version() + " found its ports taken "
                            + START_ATTEMPTS + " times in a row; log tail:\n" + tail(logFile));
                }
                log.info("Apicurio Registry lost its free port to another process; starting it again");
            }
        } catch (RuntimeException e) {
            TempDirs.deleteRecursively(workDirectory);
            throw e;
        }
    }

    /**
     * One start on fresh ports. Empty if the registry died because a port was taken between choosing
     * it and binding it (another process was quicker); throws for every other failure.
     */
    private static Optional<EmbeddedRegistry> tryStart(
            Distribution distribution, Path jar, Path java, Path workDirectory, Path logFile) {
        int httpPort = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                // Small and quick to start: a test registry holds a few schemas and lives for minutes.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // Keeps the child's scratch files (H2, Vert.x caches) in our directory, deleted on close.
                "-Djava.io.tmpdir=" + workDirectory.resolve("tmp"),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort));
        if (distribution == Distribution.APICURIO_3) {
            // Its defaults already, stated so a future default can't silently make it persistent.
            command.addAll(List.of(
                    "-Dapicurio.storage.kind=sql",
                    "-Dapicurio.storage.sql.kind=h2",
                    "-Dapicurio.storage.snapshot.location=" + workDirectory.resolve("tmp"),
                    "-Dapicurio.import.work-dir=" + workDirectory.resolve("tmp")));
        }
        command.addAll(List.of("-jar", jar.toString()));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        // Registry settings in our own environment (a developer's APICURIO_STORAGE_KIND, a CI's
        // QUARKUS_PROFILE) would reach the child and could make it persistent or listen elsewhere.
        builder.environment().keySet().removeIf(name -> {
            String upper = name.toUpperCase(Locale.ROOT);
            return upper.startsWith("APICURIO_") || upper.startsWith("REGISTRY_") || upper.startsWith("QUARKUS_");
        });

        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DoppelException("cannot start " + java + " for Apicurio Registry: " + e.getMessage(), e);
        }
        Thread shutdownHook = new Thread(() -> {
            stop(process);
            TempDirs.deleteRecursively(workDirectory);
        }, "doppel-embedded-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        String baseUrl = "http://127.0.0.1:" + httpPort + CCOMPAT_PATH;
        try {
            awaitReady(distribution, process, baseUrl, logFile);
        } catch (PortTakenException e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            return Optional.empty();
        } catch (RuntimeException e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            throw e;
        }
        log.info("Apicurio Registry {} ready at {} in {} ms (pid {}, java {}, log {})", distribution.version(), baseUrl,
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), process.pid(), java, logFile);
        return Optional.of(new EmbeddedRegistry(distribution, process, baseUrl, workDirectory, logFile, shutdownHook));
    }

    /** The registry died because its port was taken: worth another try on other ports. */
    private static final class PortTakenException extends RuntimeException {
        PortTakenException() {
            super(null, null, false, false);
        }
    }

    private static void awaitReady(Distribution distribution, Process process, String baseUrl, Path logFile) {
        Duration timeout = startupTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        while (true) {
            if (!process.isAlive()) {
                String tail = tail(logFile);
                if (tail.contains("Address already in use") || tail.contains("already bound")) {
                    throw new PortTakenException();
                }
                throw new DoppelException("Apicurio Registry " + distribution.version() + " exited with code "
                        + process.exitValue() + " before it was ready; log tail (" + logFile + "):\n" + tail);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Expected until Quarkus has bound the port.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DoppelException("interrupted while waiting for Apicurio Registry to start", e);
            }
            if (System.nanoTime() > deadline) {
                throw new DoppelException("Apicurio Registry " + distribution.version() + " did not answer at " + baseUrl
                        + " within " + timeout.toSeconds() + " s (raise -D" + STARTUP_TIMEOUT_PROPERTY
                        + " on a slow machine); log tail (" + logFile + "):\n" + tail(logFile));
            }
            sleep(Duration.ofMillis(200));
        }
    }

    /** Asks politely first (Quarkus shuts down cleanly on SIGTERM), then insists. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Apicurio 3 on the best Java 21+ there is; Apicurio 2 on the JVM running us, which is new
     * enough (doppel needs 17) and is what 2.6 was built for, unlike a Java 25 found on the disk.
     */
    private static Optional<Path> javaFor(Distribution distribution) {
        return distribution == Distribution.APICURIO_2
                ? Optional.of(JavaRuntimes.current())
                : JavaRuntimes.find(distribution.minimumJava);
    }

    private static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(HOME_ENV);
        }
        // Absolute: the child runs in its own directory, where a relative path would mean nothing.
        return (configured == null || configured.isBlank() ? Path.of("target") : Path.of(configured)).toAbsolutePath();
    }

    /**
     * The jar that launches a distribution: {@code quarkus-run.jar} for 3.x, the
     * {@code *-runner.jar} for 2.x. Looked for in {@code home/apicurio-N}, or in {@code home}
     * itself when it is one unpacked distribution.
     */
    static Optional<Path> launchJar(Path home, Distribution distribution) {
        for (Path directory : List.of(home.resolve(distribution.directoryName), home)) {
            Optional<Path> jar = distribution == Distribution.APICURIO_3
                    ? Optional.of(directory.resolve("quarkus-run.jar")).filter(Files::isRegularFile)
                    : runnerJar(directory);
            if (jar.isPresent()) {
                return jar;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> runnerJar(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().matches("apicurio-registry-app-2\\..*-runner\\.jar"))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String missingDistributionMessage(Path home) {
        return "no Apicurio Registry distribution under " + home.toAbsolutePath() + ": expected "
                + Distribution.APICURIO_3.directoryName + "/quarkus-run.jar or " + Distribution.APICURIO_2.directoryName
                + "/apicurio-registry-app-2.*-runner.jar. Run 'mvn process-test-resources' to unpack them, or set -D"
                + HOME_PROPERTY + " (or " + HOME_ENV + ") to where they are.";
    }

    private static Duration startupTimeout() {
        String configured = System.getProperty(STARTUP_TIMEOUT_PROPERTY, "60");
        try {
            long seconds = Long.parseLong(configured.strip());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new DoppelException(STARTUP_TIMEOUT_PROPERTY + " must be a positive number of seconds, got '" + configured + "'");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    static String tail(Path logFile) {
        try {
            // Decoded leniently: a log cut mid-character must still show its tail.
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DoppelException("interrupted while waiting for Apicurio Registry to start", e);
        }
    }

}
