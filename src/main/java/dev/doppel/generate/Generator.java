package dev.doppel.generate;

import dev.doppel.codec.KeyCodec;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.errors.DoppelException;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.sample.EventSampler;
import dev.doppel.sample.KeySampler;
import dev.doppel.sample.SequenceSampler;
import dev.doppel.sample.EventTime;
import dev.doppel.sample.EventTimes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.rng.simple.RandomSource;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes synthetic events sampled from a model to the mirror topic, paced at the configured rate or
 * following the source's learned rate timeline ({@link FollowPacer}, which also gives each event its
 * event time: the record timestamp and the model's event-time field), swapping in newer models
 * without pausing ({@link #swapTo}), until the event count or duration is reached or {@link #stop()} is called. The producer waits for
 * every in-sync replica ({@code acks=all}, idempotent), and {@link #run} returns only once every
 * event sent is acknowledged or has failed. When the model has entity sequences, events come from a
 * {@link SequenceSampler} in synthetic event-time order, keyed by their synthetic entity's fresh key
 * (and the key field set to it). Otherwise mirror events get fresh keys in the shape of the source's
 * ({@link KeySampler}) if the source's had keys, and none otherwise. Where the source was keyed by a
 * synthesized field, the key is that field's made-up value. No source key reaches the mirror. Keys
 * are made up as text and written by a {@link KeyCodec}: UTF-8, or Avro with the source's key schema.
 */
public final class Generator {

    private final ModelSnapshot model;
    private final GeneratorConfig config;
    private final RowCodec codec;
    private final KeyCodec keyCodec;
    private final Map<String, Object> producerProperties;
    /** Mixed into the seed for event times, so that they draw from a stream of their own. */
    private static final long TIMES_SEED = 0x7157_3A11_D0FF_E1L;

    private final GenerateProgress progress = new GenerateProgress();
    private final Ticker ticker;
    private final AtomicReference<Sampling> pending = new AtomicReference<>();
    private final AtomicLong swapsOffered = new AtomicLong();
    private volatile ModelSnapshot newest;
    private volatile boolean stopped;

    /** A generator writing keys, if the model has any, as UTF-8 text. */
    public Generator(ModelSnapshot model, GeneratorConfig config, RowCodec codec, Map<String, Object> clientProperties) {
        this(model, config, codec, KeyCodec.UTF8, clientProperties, Ticker.SYSTEM);
    }

    /** A generator writing values with {@code codec} and keys, if the model has any, with {@code keyCodec}. */
    public Generator(ModelSnapshot model, GeneratorConfig config, RowCodec codec, KeyCodec keyCodec, Map<String, Object> clientProperties) {
        this(model, config, codec, keyCodec, clientProperties, Ticker.SYSTEM);
    }

    Generator(ModelSnapshot model, GeneratorConfig config, RowCodec codec, Map<String, Object> clientProperties, Ticker ticker) {
        this(model, config, codec, KeyCodec.UTF8, clientProperties, ticker);
    }

    Generator(ModelSnapshot model, GeneratorConfig config, RowCodec codec, KeyCodec keyCodec, Map<String, Object> clientProperties,
              Ticker ticker) {
        this.model = model;
        this.config = config;
        this.codec = codec;
        this.keyCodec = keyCodec;
        this.ticker = ticker;
        this.newest = model;
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
     * Hands the generator a newer model and the codec to write it with (its schema may have changed);
     * safe from any thread. The sampler is built here, in the caller's thread, and the running
     * generator takes it between two events, so generating never pauses. A model no newer
     * ({@code builtAt}) than the one in use is ignored.
     */
    public void swapTo(ModelSnapshot newer, RowCodec newerCodec) {
        swapTo(newer, newerCodec, KeyCodec.UTF8);
    }

    /** As {@link #swapTo(ModelSnapshot, RowCodec)}, with the codec of the newer model's keys (its key schema may have changed). */
    public void swapTo(ModelSnapshot newer, RowCodec newerCodec, KeyCodec newerKeyCodec) {
        long swapSeed = config.seed() + swapsOffered.incrementAndGet();
        pending.set(Sampling.of(newer, swapSeed, newerCodec, newerKeyCodec));
    }

    /** The newest model handed in so far (by {@link #swapTo}) or the first one. */
    public ModelSnapshot newestModel() {
        Sampling next = pending.get();
        return next != null ? next.model : newest;
    }

    /**
     * Generates until a limit or {@link #stop()}; blocks meanwhile.
     *
     * @throws DoppelException if the producer fails, with the first failure's message
     */
    public void run() {
        Sampling current = Sampling.of(model, config.seed(), codec, keyCodec);
        newest = model;
        long start = ticker.nanoTime();
        long deadline = config.duration() == null ? Long.MAX_VALUE : start + config.duration().toNanos();
        Pacer pacer = config.follow() ? null : new Pacer(config.eventsPerSecond(), start);
        FollowPacer follow = !config.follow() ? null : FollowPacer.forModel(model, config.speed(),
                RandomSource.XO_RO_SHI_RO_128_PP.create(config.seed() ^ TIMES_SEED), ticker, System.currentTimeMillis(),
                () -> newestWindowCount(newestModel()));
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer())) {
            while (!stopped && progress.firstFailure() == null
                    && (config.maxEvents() == 0 || progress.sent() < config.maxEvents())
                    && ticker.nanoTime() < deadline) {
                long eventTime = EventTime.NONE;
                if (follow != null) {
                    eventTime = follow.awaitNext();
                    if (eventTime == EventTimes.END) {
                        break;
                    }
                } else if (!pacer.awaitNext()) {
                    break;
                }
                Sampling next = pending.getAndSet(null);
                if (next != null && next.model.builtAt() > current.model.builtAt()) {
                    current = next;
                    newest = next.model;
                    progress.countModelSwap();
                }
                byte[] key;
                Row row;
                if (current.entities != null) {
                    // Entities starting now take their start hour from the time this event is written at.
                    SequenceSampler.Event event = current.entities.next(eventTime != EventTime.NONE ? eventTime : System.currentTimeMillis());
                    key = current.keyCodec.encode(event.key());
                    row = event.row();
                } else {
                    row = current.sampler.next();
                    String text = current.keys == null ? null : current.keys.nextText(row);
                    key = text == null ? null : current.keyCodec.encode(text);
                }
                FieldModel timeField = current.model.rate().timeField() == null ? null : current.model.field(current.model.rate().timeField());
                if (timeField != null) {
                    if (eventTime != EventTime.NONE) {
                        row = EventTime.with(row, timeField, eventTime);
                    }
                    // Read back as written (a layout in seconds drops the milliseconds), so field and timestamp agree.
                    eventTime = EventTime.of(row, timeField);
                }
                long timestamp = eventTime != EventTime.NONE ? eventTime : System.currentTimeMillis();
                byte[] value = current.codec.encode(row);
                producer.send(new ProducerRecord<>(config.mirrorTopic(), null, timestamp, key, value),
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

    private static long newestWindowCount(ModelSnapshot model) {
        return model.timeline().isEmpty() ? 0 : model.timeline().lastEntry().getValue();
    }

    /**
     * A model with its samplers and codec: what the generator swaps in one step. Entities (if the
     * model has sequences) give keys and rows; otherwise the event sampler gives rows and the key
     * sampler keys (null if the source had none).
     */
    private record Sampling(ModelSnapshot model, EventSampler sampler, KeySampler keys, SequenceSampler entities, RowCodec codec,
                            KeyCodec keyCodec) {

        static Sampling of(ModelSnapshot model, long seed, RowCodec codec, KeyCodec keyCodec) {
            return new Sampling(model, EventSampler.seeded(model, seed), KeySampler.seeded(model, seed),
                    model.sequences() == null ? null : SequenceSampler.seeded(model, seed), codec, keyCodec);
        }
    }
}
