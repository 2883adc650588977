package dev.doppel.publish;

import dev.doppel.codec.EventFile;
import dev.doppel.codec.FieldType;
import dev.doppel.codec.KeyCodec;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.errors.BadInputException;
import dev.doppel.errors.DoppelException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays an {@link EventFile} into a topic. With a time field, each record's timestamp is the
 * event's own time, and events are spaced as they were in the file divided by the speed (unless the
 * speed is {@link #MAX_SPEED}); without one, records are stamped now and sent as fast as the broker
 * takes them. With a key field, its value is the record key, written by a {@link KeyCodec} (UTF-8
 * text, or Avro in the registry's wire format). Lines that cannot be read, and events
 * without a time, are reported to the listener and skipped.
 */
public final class FilePublisher {

    /** Sends without pacing. */
    public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

    /**
     * @param topic     the topic to write to
     * @param timeField the column with each event's time, or null
     * @param keyField  the column whose value is the record key, or null
     * @param speed     how many times faster than the original pace, or {@link #MAX_SPEED}
     */
    public record Options(String topic, String timeField, String keyField, double speed) {
        public Options {
            if (!(speed > 0)) {
                throw new BadInputException("--speed must be positive, got " + speed);
            }
        }
    }

    private final EventFile file;
    private final Options options;
    private final RowCodec codec;
    private final KeyCodec keyCodec;
    private final Map<String, Object> producerProperties;
    private final TimeReader time;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopped;

    /** A publisher writing keys, if there is a key field, as UTF-8 text. */
    public FilePublisher(EventFile file, Options options, RowCodec codec, Map<String, Object> clientProperties) {
        this(file, options, codec, KeyCodec.UTF8, clientProperties);
    }

    /** A publisher writing values with {@code codec} and the key field's values with {@code keyCodec}. */
    public FilePublisher(EventFile file, Options options, RowCodec codec, KeyCodec keyCodec, Map<String, Object> clientProperties) {
        check(file, options);
        this.file = file;
        this.options = options;
        this.codec = codec;
        this.keyCodec = keyCodec;
        this.time = options.timeField() == null ? null : TimeReader.of(file, options.timeField());
        this.producerProperties = new HashMap<>(clientProperties);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProperties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        producerProperties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    /**
     * Checks that the options fit the file: the time and key fields are columns, the time field
     * holds times.
     *
     * @throws BadInputException naming the field and the columns there are
     */
    public static void check(EventFile file, Options options) {
        if (options.timeField() != null) {
            TimeReader.of(file, options.timeField());
        }
        if (options.keyField() != null && !file.types().containsKey(options.keyField())) {
            throw new BadInputException("--key-field " + options.keyField() + " is not a column of " + file.path()
                    + " (columns: " + String.join(", ", file.types().keySet()) + ")");
        }
    }

    /**
     * Sends every event of the file, then waits for their acknowledgements.
     *
     * @throws DoppelException if the producer fails
     */
    public void run(EventFile.BadLineListener badLines) {
        EventFile.BadLineListener counting = (line, reason, message) -> {
            skipped.incrementAndGet();
            badLines.skipped(line, reason, message);
        };
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer())) {
            Pace pace = new Pace(options.speed());
            file.read(counting, (row, lineNumber) -> {
                if (stopped || failure.get() != null) {
                    throw new Stop();
                }
                Long timestamp = null;
                if (time != null) {
                    timestamp = time.epochMillis(row);
                    if (timestamp == null) {
                        counting.skipped(lineNumber, "missing-time", "no value in time field " + options.timeField());
                        return;
                    }
                    pace.await(timestamp);
                }
                producer.send(new ProducerRecord<>(options.topic(), null, timestamp, key(row), codec.encode(row)),
                        (metadata, error) -> {
                            if (error == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, error);
                            }
                        });
                sent.incrementAndGet();
            });
            producer.flush();
        } catch (Stop stop) {
            // stopped on request or after a failure: fall through to report it
        }
        Exception error = failure.get();
        if (error != null) {
            throw new DoppelException("writing to " + options.topic() + " failed: " + error.getMessage(), error);
        }
    }

    /** Asks {@link #run} to stop after the event in hand; safe from any thread. */
    public void stop() {
        stopped = true;
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    /** Lines skipped: unreadable, or without a time. */
    public long skipped() {
        return skipped.get();
    }

    private byte[] key(Row row) {
        if (options.keyField() == null) {
            return null;
        }
        Object value = row.get(options.keyField());
        return value == null ? null : keyCodec.encode(value.toString());
    }

    /** Thrown from the row callback to end reading early. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** Reads the event time of a row from its time column. */
    private record TimeReader(String field, TimestampFormat format) {

        static TimeReader of(EventFile file, String field) {
            FieldType type = file.types().get(field);
            if (type == null) {
                throw new BadInputException("--time-field " + field + " is not a column of " + file.path()
                        + " (columns: " + String.join(", ", file.types().keySet()) + ")");
            }
            if (type != FieldType.TIMESTAMP && type != FieldType.LONG) {
                throw new BadInputException("--time-field " + field + " holds " + type.name().toLowerCase(java.util.Locale.ROOT)
                        + " values; it must hold timestamps (like 2001-01-01 00:01:00) or epoch milliseconds");
            }
            return new TimeReader(field, file.timestampFormats().get(field));
        }

        Long epochMillis(Row row) {
            Object value = row.get(field);
            if (value == null) {
                return null;
            }
            return format == null ? (Long) value : format.tryParse(value.toString());
        }
    }

    /** Keeps the file's pace divided by the speed, measured from the first event. */
    private static final class Pace {
        private final double speed;
        private long firstEvent = Long.MIN_VALUE;
        private long startNanos;

        Pace(double speed) {
            this.speed = speed;
        }

        void await(long eventTime) {
            if (Double.isInfinite(speed)) {
                return;
            }
            if (firstEvent == Long.MIN_VALUE) {
                firstEvent = eventTime;
                startNanos = System.nanoTime();
                return;
            }
            long due = startNanos + (long) ((eventTime - firstEvent) * 1_000_000 / speed);
            long wait;
            while ((wait = due - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
