package dev.doppel.learn;

import dev.doppel.codec.RowCodec;
import dev.doppel.errors.DoppelException;
import dev.doppel.model.ModelBuilder;
import dev.doppel.profile.ProfileConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running learner: the {@link LearnTopology} in a {@link KafkaStreams} instance. Instances that
 * share an application id share the work (Kafka assigns them partitions). Start it, watch
 * {@link #progress()}, close it.
 */
public final class Learner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Learner.class);

    private final KafkaStreams streams;
    private final LearnProgress progress = new LearnProgress();
    private volatile Throwable failure;

    /** Largest statistics record the learner writes to its internal topics. */
    static final int MAX_STATS_RECORD_BYTES = 32 * 1024 * 1024;

    /**
     * @param clientProperties Kafka client settings, bootstrap servers included
     * @param applicationId    the Streams application id: consumer group and internal topic prefix
     * @param stateDir         where Kafka Streams keeps local state
     */
    public Learner(LearnerConfig config, RowCodec codec, Map<String, Object> clientProperties, String applicationId, Path stateDir) {
        this(config, codec, clientProperties, applicationId, stateDir, ProfileConfig.NONE);
    }

    /** A learner whose models take the field roles {@code profile} sets over the inferred ones. */
    public Learner(LearnerConfig config, RowCodec codec, Map<String, Object> clientProperties, String applicationId, Path stateDir,
                   ProfileConfig profile) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Models should appear soon after a window closes, not at the default 30 s commit.
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // doppel has no global stores; opting in now silences Kafka 4's warning about the 5.0 default.
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The statistics carry a sample of whole rows (up to 10,000 in the store, 2,000 per window
        // report): wide rows take them past the broker's 1 MB default record size, so the internal
        // topics and the producer allow larger records.
        props.putIfAbsent(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), MAX_STATS_RECORD_BYTES);
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_STATS_RECORD_BYTES);
        this.streams = new KafkaStreams(LearnTopology.build(config, codec, new ModelBuilder(Clock.systemUTC(), config.windowing(), profile), progress), props);
        streams.setUncaughtExceptionHandler(error -> {
            failure = error;
            LOG.error("learner stopped: {}", error.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    public void start() {
        streams.start();
    }

    public LearnProgress progress() {
        return progress;
    }

    /**
     * Fails with a one-line message if the learner has stopped on an error; otherwise returns.
     *
     * @throws DoppelException if the learner failed
     */
    public void checkHealthy() {
        Throwable error = failure;
        if (error != null) {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new DoppelException("the learner stopped: " + root.getMessage(), error);
        }
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR) {
            throw new DoppelException("the learner stopped (Kafka Streams state " + state + ")");
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
