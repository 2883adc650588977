package dev.doppel.learn;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.RowCodec;
import dev.doppel.codec.avro.RegistryAvroCodec;
import dev.doppel.codec.avro.RegistryKeyCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's first step: decodes each source record. A record that cannot be read is counted
 * under its reason, logged with topic, partition and offset (the first few of each reason), marked
 * with {@code doppel.*} headers saying why and where it came from (for the dead-letter topic), and
 * passed on as a failure; the stream never stops on one.
 *
 * <p>With values through a schema registry, a key in the registry's wire format (magic byte 0) is
 * read with the registry too ({@link RegistryKeyCodec}); a key that claims the wire format but cannot
 * be read makes its record a failure like a bad value, under a {@code key-*} reason.
 */
final class DecodeProcessor implements FixedKeyProcessor<byte[], byte[], Decoded> {

    /** Header with the reason a dead letter could not be read, e.g. {@code no-magic-byte}. */
    static final String REASON_HEADER = "doppel.reason";
    /** Header with the one-line explanation. */
    static final String ERROR_HEADER = "doppel.error";
    /** Header with the record's origin: {@code topic-partition@offset}. */
    static final String ORIGIN_HEADER = "doppel.origin";

    private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);
    /** Bad records logged one by one per reason before the log only summarises. */
    private static final int LOGGED_PER_REASON = 5;

    private final RowCodec codec;
    /** Reads Avro keys; null when values do not come through a registry (keys are then text). */
    private final RegistryKeyCodec keys;
    private final LearnProgress progress;
    private FixedKeyProcessorContext<byte[], Decoded> context;

    DecodeProcessor(RowCodec codec, LearnProgress progress) {
        this.codec = codec;
        this.keys = codec instanceof RegistryAvroCodec registered ? RegistryKeyCodec.forReading(registered.registry()) : null;
        this.progress = progress;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Decoded decoded;
        try {
            decoded = Decoded.of(codec.decode(record.value()), codec.schemaText(record.value()));
            if (keys != null && RegistryKeyCodec.isWireFormat(record.key())) {
                RegistryKeyCodec.Key key = keys.decode(record.key());
                decoded = decoded.withKey(key.text(), key.schema(), key.fields());
            }
        } catch (BadRecordException e) {
            decoded = Decoded.failed(e, record.value());
            String origin = origin();
            report(e, origin);
            Headers headers = record.headers();
            headers.add(REASON_HEADER, e.reason().getBytes(StandardCharsets.UTF_8));
            headers.add(ERROR_HEADER, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            headers.add(ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
        }
        context.forward(record.withValue(decoded));
    }

    private String origin() {
        return context.recordMetadata().map(meta -> meta.topic() + "-" + meta.partition() + "@" + meta.offset()).orElse("?");
    }

    private void report(BadRecordException e, String origin) {
        long count = progress.badRecord(e.reason());
        if (count <= LOGGED_PER_REASON || count % 10_000 == 0) {
            LOG.warn("skipped bad record {} ({}): {}{}", origin, e.reason(), e.getMessage(),
                    count == LOGGED_PER_REASON ? " (further ones of this reason are counted, not logged)" : "");
        }
    }
}
