package dev.doppel.embedded;

import dev.doppel.errors.DoppelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka cluster in this JVM: one KRaft server that is both broker and
 * controller, bound to 127.0.0.1 on free ports, with its log in a temporary directory that
 * {@link #close()} deletes. For the demo and the tests; nothing in the flow depends on it.
 *
 * <p>Internal topics have replication factor 1, consumer groups start without the initial rebalance
 * delay, topics are not created automatically (doppel creates what it writes), and retention is
 * unlimited so that replayed events with old timestamps are not deleted as soon as they land.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path logDir;
    private final int brokerPort;
    private final KafkaRaftServer server;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(Path logDir, int brokerPort, KafkaRaftServer server) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.server = server;
        this.shutdownHook = new Thread(this::stop, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats a fresh log directory and starts the server; returns once it accepts connections.
     *
     * @throws DoppelException if the storage cannot be formatted or the server does not start
     */
    public static EmbeddedKafka start() {
        Path logDir;
        try {
            logDir = Files.createTempDirectory("doppel-kafka-");
        } catch (IOException e) {
            throw new DoppelException("cannot create a temporary directory for the embedded broker: " + e.getMessage(), e);
        }
        try {
            int brokerPort = freePort();
            int controllerPort = freePort();
            Properties props = serverProperties(logDir, brokerPort, controllerPort);
            Path propsFile = logDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "doppel embedded broker");
            }
            format(propsFile);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(logDir, brokerPort, server);
        } catch (IOException e) {
            TempDirs.deleteRecursively(logDir);
            throw new DoppelException("cannot start the embedded broker: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            TempDirs.deleteRecursively(logDir);
            throw e instanceof DoppelException ? e : new DoppelException("cannot start the embedded broker: " + e, e);
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Where the server keeps its log; deleted by {@link #close()}. */
    Path logDir() {
        return logDir;
    }

    /** Stops the server and deletes its log directory. Idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs stop() itself.
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            TempDirs.deleteRecursively(logDir);
        }
    }

    private static Properties serverProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.resolve("data").toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("log.retention.ms", "-1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()}, out);
        }
        if (code != 0) {
            throw new DoppelException("cannot format the embedded broker's storage: "
                    + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

}
