package dev.doppel.generate;

import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.errors.DoppelException;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.sample.EventSampler;
import dev.doppel.sample.KeySampler;
import dev.doppel.sample.SequenceSampler;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes synthetic events sampled from a model to the mirror topic, paced at the configured rate,
 * until the event count or duration is reached or {@link #stop()} is called. The producer waits for
 * every in-sync replica ({@code acks=all}, idempotent), and {@link #run} returns only once every
 * event sent is acknowledged or has failed. When the model has entity sequences, events come from a
 * {@link SequenceSampler} in synthetic event-time order, keyed by their synthetic entity's fresh key
 * (and the key field set to it). Otherwise mirror events get fresh keys in the shape of the source's
 * ({@link KeySampler}) if the source's had keys, and none otherwise. Where the source was keyed by a
 * synthesized field, the key is that field's made-up value. No source key reaches the mirror.
 */
public final class Generator {

    private final ModelSnapshot model;
    private final GeneratorConfig config;
    private final RowCodec codec;
    private final Map<String, Object> producerProperties;
    private final GenerateProgress progress = new GenerateProgress();
    private volatile boolean stopped;

    public Generator(ModelSnapshot model, GeneratorConfig config, RowCodec codec, Map<String, Object> clientProperties) {
        this.model = model;
        this.config = config;
        this.codec = codec;
        this.producerProperties = new HashMap<>(clientProperties);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProperties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerProperties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    public GenerateProgress progress() {
        return progress;
    }

    /** Asks {@link #run} to finish after the event in hand; safe from any thread. */
    public void stop() {
        stopped = true;
    }

    /**
     * Generates until a limit or {@link #stop()}; blocks meanwhile.
     *
     * @throws DoppelException if the producer fails, with the first failure's message
     */
    public void run() {
        EventSampler sampler = EventSampler.seeded(model, config.seed());
        KeySampler keys = KeySampler.seeded(model, config.seed());
        SequenceSampler entities = model.sequences() == null ? null : SequenceSampler.seeded(model, config.seed());
        long start = System.nanoTime();
        long deadline = config.duration() == null ? Long.MAX_VALUE : start + config.duration().toNanos();
        Pacer pacer = new Pacer(config.eventsPerSecond(), start);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer())) {
            while (!stopped && progress.firstFailure() == null
                    && (config.maxEvents() == 0 || progress.sent() < config.maxEvents())
                    && System.nanoTime() < deadline
                    && pacer.awaitNext()) {
                byte[] key;
                Row row;
                if (entities != null) {
                    SequenceSampler.Event event = entities.next();
                    key = event.key().getBytes(StandardCharsets.UTF_8);
                    row = event.row();
                } else {
                    row = sampler.next();
                    key = keys == null ? null : keys.next(row);
                }
                byte[] value = codec.encode(row);
                producer.send(new ProducerRecord<>(config.mirrorTopic(), null, System.currentTimeMillis(), key, value),
                        (metadata, error) -> {
                            if (error == null) {
                                progress.countAcknowledged();
                            } else {
                                progress.countFailed(error);
                            }
                        });
                progress.countSent();
            }
            producer.flush();
        }
        Exception failure = progress.firstFailure();
        if (failure != null) {
            throw new DoppelException("writing to " + config.mirrorTopic() + " failed: " + failure.getMessage(), failure);
        }
    }
}
