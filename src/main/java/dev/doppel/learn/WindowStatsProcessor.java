package dev.doppel.learn;

import dev.doppel.codec.Row;
import dev.doppel.stats.WindowStats;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage of the learner, one instance per source partition: adds each decoded record to the
 * statistics of its tumbling event-time window (a pane one {@code --advance} long; a hopping window
 * is the merge of its panes), and forwards a window's {@link WindowStats} once the
 * partition's stream time has passed the window's end plus grace (or once the partition has been
 * quiet for the idle-close time). Records for a window already closed are counted as late and
 * dropped.
 *
 * <p>Open windows live in memory: a crashed learner loses them (fault tolerance is its own issue).
 * Forwarded reports are keyed by source topic so the second stage sees every partition's reports.
 */
final class WindowStatsProcessor implements Processor<byte[], Decoded, String, WindowStats> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowStatsProcessor.class);

    private final LearnerConfig config;
    private final LearnProgress progress;
    private final long windowMs;
    private final long graceMs;
    private final TreeMap<Long, WindowStats> openWindows = new TreeMap<>();
    private ProcessorContext<String, WindowStats> context;
    private long streamTime = Long.MIN_VALUE;
    private long lastRecordWallClock;

    WindowStatsProcessor(LearnerConfig config, LearnProgress progress) {
        this.config = config;
        this.progress = progress;
        // Hopping windows are learned as panes one advance long, merged into windows later (Li et al.,
        // "No pane, no gain", 2005): each event is counted once, and tumbling windows are one pane each.
        this.windowMs = config.advance().toMillis();
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
    public void process(Record<byte[], Decoded> record) {
        lastRecordWallClock = context.currentSystemTimeMs();
        Row row = record.value().row();
        String schema = record.value().schema();
        long timestamp = record.timestamp();
        long windowStart = timestamp - Math.floorMod(timestamp, windowMs);
        if (windowStart + windowMs + graceMs <= streamTime) {
            progress.lateEvent();
            return;
        }
        WindowStats window = openWindows.get(windowStart);
        if (window == null) {
            // Each partition's reservoir needs its own random stream for the merged sample to be one.
            long reservoirSeed = windowStart * 31 + context.taskId().partition();
            window = new WindowStats(windowStart, windowStart + windowMs, reservoirSeed);
            openWindows.put(windowStart, window);
            progress.windowOpened();
        }
        window.observe(row, timestamp);
        window.observeSchema(schema, timestamp);
        if (record.value().avroKey()) {
            window.observeKeyText(record.value().keyText(), row);
            window.observeKeySchema(record.value().keySchema(), timestamp);
            if (record.value().keyFields() != null) {
                window.observeKeyFields(record.value().keyFields(), row);
            }
        } else {
            window.observeKey(record.key(), row);
        }
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
}
