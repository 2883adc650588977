package dev.doppel.learn;

import dev.doppel.codec.BadRecordException;
import dev.doppel.codec.Row;
import dev.doppel.codec.RowCodec;
import dev.doppel.stats.WindowStats;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage of the learner, one instance per source partition: decodes each record, adds it to the
 * statistics of its tumbling event-time window, and forwards a window's {@link WindowStats} once the
 * partition's stream time has passed the window's end plus grace (or once the partition has been
 * quiet for the idle-close time). Bad records are counted by reason, logged with topic, partition and
 * offset, and skipped; records for a window already closed are counted as late and dropped.
 *
 * <p>Open windows live in memory: a crashed learner loses them (fault tolerance is its own issue).
 * Forwarded reports are keyed by source topic so the second stage sees every partition's reports.
 */
final class WindowStatsProcessor implements Processor<byte[], byte[], String, WindowStats> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowStatsProcessor.class);
    /** Bad records logged one by one per reason before the log only summarises. */
    private static final int LOGGED_PER_REASON = 5;

    private final LearnerConfig config;
    private final RowCodec codec;
    private final LearnProgress progress;
    private final long windowMs;
    private final long graceMs;
    private final TreeMap<Long, WindowStats> openWindows = new TreeMap<>();
    private ProcessorContext<String, WindowStats> context;
    private long streamTime = Long.MIN_VALUE;
    private long lastRecordWallClock;

    WindowStatsProcessor(LearnerConfig config, RowCodec codec, LearnProgress progress) {
        this.config = config;
        this.codec = codec;
        this.progress = progress;
        this.windowMs = config.window().toMillis();
        this.graceMs = config.grace().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, WindowStats> context) {
        this.context = context;
        this.lastRecordWallClock = context.currentSystemTimeMs();
        long checkEvery = Math.max(100, Math.min(1000, config.idleClose().toMillis() / 2));
        context.schedule(Duration.ofMillis(checkEvery), PunctuationType.WALL_CLOCK_TIME, this::closeIfIdle);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        lastRecordWallClock = context.currentSystemTimeMs();
        Row row;
        String schema;
        try {
            row = codec.decode(record.value());
            schema = codec.schemaText(record.value());
        } catch (BadRecordException e) {
            skip(e);
            return;
        }
        long timestamp = record.timestamp();
        long windowStart = timestamp - Math.floorMod(timestamp, windowMs);
        if (windowStart + windowMs + graceMs <= streamTime) {
            progress.lateEvent();
            return;
        }
        WindowStats window = openWindows.get(windowStart);
        if (window == null) {
            window = new WindowStats(windowStart, windowStart + windowMs);
            openWindows.put(windowStart, window);
            progress.windowOpened();
        }
        window.observe(row, timestamp);
        window.observeSchema(schema, timestamp);
        progress.eventRead();
        if (timestamp > streamTime) {
            streamTime = timestamp;
            closeWindowsEndingBy(streamTime - graceMs);
        }
    }

    private void closeWindowsEndingBy(long time) {
        Iterator<Map.Entry<Long, WindowStats>> windows = openWindows.entrySet().iterator();
        while (windows.hasNext()) {
            WindowStats window = windows.next().getValue();
            if (window.windowEnd() > time) {
                break; // ordered by start, and all windows have the same size
            }
            forward(window);
            windows.remove();
        }
    }

    private void closeIfIdle(long wallClock) {
        if (!openWindows.isEmpty() && wallClock - lastRecordWallClock >= config.idleClose().toMillis()) {
            LOG.debug("{} quiet for {}: closing {} open window(s)", config.sourceTopic(), config.idleClose(), openWindows.size());
            openWindows.values().forEach(this::forward);
            openWindows.clear();
        }
    }

    private void forward(WindowStats window) {
        progress.windowClosed();
        context.forward(new Record<>(config.sourceTopic(), window, window.maxTimestamp()));
    }

    private void skip(BadRecordException e) {
        long count = progress.badRecord(e.reason());
        if (count <= LOGGED_PER_REASON || count % 10_000 == 0) {
            String where = context.recordMetadata()
                    .map(RecordMetadata::topic).orElse("?") + "-" + context.recordMetadata().map(RecordMetadata::partition).orElse(-1)
                    + "@" + context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
            LOG.warn("skipped bad record {} ({}): {}{}", where, e.reason(), e.getMessage(),
                    count == LOGGED_PER_REASON ? " (further ones of this reason are counted, not logged)" : "");
        }
    }
}
