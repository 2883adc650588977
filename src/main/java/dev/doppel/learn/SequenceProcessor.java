package dev.doppel.learn;

import dev.doppel.stats.RowReservoir;
import dev.doppel.stats.SequenceStats;
import dev.doppel.stats.WindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The learner's per-key stage, after the repartition by entity key, so one task sees every event of
 * an entity. A persistent, changelogged store keeps each live entity's {@link EntityState}; per
 * event-time window it gathers {@link SequenceStats}: an entity's first event is a start
 * ({@code START → s}), each later event a transition {@code s → s'} with the time since the entity's
 * previous event, and an entity without an event for the entity gap has ended ({@code s → END}, its
 * length and constant fields counted) and is evicted. Ends are found when an entity's next event
 * comes more than the gap after its last, or by a punctuation on this stage's stream time once it is more
 * than gap plus grace past its last event (an event up to grace late may still come); they are
 * counted in the window open at that stream time. Entities still live when the stream stops are not
 * counted as ended (they may go on).
 *
 * <p>Event order matters here more than for windows: the repartition topic interleaves what the
 * source partitions' tasks wrote, so with several source partitions the grace must cover how far
 * their event times drift apart, or an entity may be ended early and split in two.
 *
 * <p>Windows close as in {@link WindowStatsProcessor} (stream time past end plus grace, or idle);
 * each closed window is forwarded as a {@link WindowStats} with no events of its own and its
 * {@link SequenceStats}, keyed by source topic, for the merge stage. Events of closed windows are
 * dropped (the window stage counts them as late).
 */
final class SequenceProcessor implements Processor<String, EntityEvent, String, WindowStats> {

    static final String STORE = "entities";

    private final LearnerConfig config;
    private final LearnProgress progress;
    private final long windowMs;
    private final long graceMs;
    private final long gapMs;
    private final long evictEveryMs;
    private final TreeMap<Long, SequenceStats> openWindows = new TreeMap<>();
    private ProcessorContext<String, WindowStats> context;
    private KeyValueStore<String, EntityState> entities;
    private long streamTime = Long.MIN_VALUE;
    private long nextEviction = Long.MIN_VALUE;
    private long lastRecordWallClock;

    SequenceProcessor(LearnerConfig config, LearnProgress progress) {
        this.config = config;
        this.progress = progress;
        this.windowMs = config.window().toMillis();
        this.graceMs = config.grace().toMillis();
        this.gapMs = config.entityGap().toMillis();
        // Ended entities are found at most a quarter gap late, and at most a quarter window late.
        this.evictEveryMs = Math.max(1, Math.min(gapMs, windowMs) / 4);
    }

    @Override
    public void init(ProcessorContext<String, WindowStats> context) {
        this.context = context;
        this.entities = context.getStateStore(STORE);
        this.lastRecordWallClock = context.currentSystemTimeMs();
        long checkEvery = Math.max(100, Math.min(1000, config.idleClose().toMillis() / 2));
        context.schedule(Duration.ofMillis(checkEvery), PunctuationType.WALL_CLOCK_TIME, this::closeIfIdle);
    }

    @Override
    public void process(Record<String, EntityEvent> record) {
        lastRecordWallClock = context.currentSystemTimeMs();
        long timestamp = record.timestamp();
        long windowStart = windowStart(timestamp);
        if (windowStart + windowMs + graceMs <= streamTime) {
            return; // late: the window stage counts it
        }
        SequenceStats window = window(windowStart);
        EntityState entity = entities.get(record.key());
        if (entity != null && timestamp - entity.lastTimestamp > gapMs) {
            end(entity, window);
            entity = null;
        }
        EntityEvent event = record.value();
        if (entity == null) {
            entity = start(event, timestamp, window);
        } else {
            follow(entity, event, timestamp, window);
        }
        entities.put(record.key(), entity);
        if (timestamp > streamTime) {
            streamTime = timestamp;
            if (streamTime >= nextEviction) {
                endQuietEntities();
                nextEviction = streamTime + evictEveryMs;
            }
            closeWindowsEndingBy(streamTime - graceMs);
        }
    }

    private EntityState start(EntityEvent event, long timestamp, SequenceStats window) {
        EntityState entity = new EntityState(timestamp);
        entity.events = 1;
        window.entityStarted();
        event.values().forEach((field, value) -> {
            if (!field.equals(config.keyField())) {
                entity.firstValues.put(field, value);
            }
        });
        for (String field : stateCandidates(event)) {
            String state = event.values().get(field);
            if (state != null) {
                window.stateField(field).transition(null, state);
                entity.lastStates.put(field, state);
            }
        }
        return entity;
    }

    private void follow(EntityState entity, EntityEvent event, long timestamp, SequenceStats window) {
        long sincePrevious = Math.max(0, timestamp - entity.lastTimestamp);
        for (String field : stateCandidates(event)) {
            String state = event.values().get(field);
            if (state == null) {
                continue;
            }
            String previous = entity.lastStates.put(field, state);
            SequenceStats.StateField chain = window.stateField(field);
            chain.transition(previous, state); // previous null: the field's first value in this entity
            if (previous != null) {
                chain.timeToNext(previous, sincePrevious);
            }
        }
        for (Map.Entry<String, String> first : entity.firstValues.entrySet()) {
            if (!Objects.equals(first.getValue(), event.values().get(first.getKey()))) {
                entity.changed.add(first.getKey());
            }
        }
        for (String field : event.values().keySet()) {
            if (!entity.firstValues.containsKey(field) && !field.equals(config.keyField())) {
                entity.changed.add(field); // absent (null) at first, present now
            }
        }
        entity.events++;
        entity.lastTimestamp = Math.max(entity.lastTimestamp, timestamp);
    }

    /** The configured state field, or every text field but the key field. */
    private Iterable<String> stateCandidates(EntityEvent event) {
        if (config.stateField() != null) {
            return event.values().containsKey(config.stateField()) ? List.of(config.stateField()) : List.of();
        }
        List<String> candidates = new ArrayList<>(event.texts());
        candidates.remove(config.keyField());
        return candidates;
    }

    private void end(EntityState entity, SequenceStats window) {
        entity.lastStates.forEach((field, state) -> window.stateField(field).transition(state, null));
        window.entityEnded(entity.events, entity.firstTimestamp, entity.lastTimestamp - entity.firstTimestamp,
                entity.constantFields(), entity.firstValues);
    }

    /**
     * Ends the entities quiet for more than gap plus grace: a punctuation on this stage's own stream
     * time, run from {@link #process}. Not Kafka Streams' stream-time punctuation: that follows the
     * task's time, and the task also reads the source topic (the two stages' reports merge), whose
     * time runs ahead of the events coming back through the repartition topic.
     */
    private void endQuietEntities() {
        long now = streamTime;
        List<String> ended = new ArrayList<>();
        SequenceStats window = null;
        try (KeyValueIterator<String, EntityState> all = entities.all()) {
            while (all.hasNext()) {
                KeyValue<String, EntityState> entry = all.next();
                // Grace as in the windows: an event up to grace behind stream time may still come.
                if (now - entry.value.lastTimestamp > gapMs + graceMs) {
                    if (window == null) {
                        window = window(windowStart(now));
                    }
                    end(entry.value, window);
                    ended.add(entry.key);
                }
            }
        }
        ended.forEach(entities::delete);
    }

    private long windowStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp, windowMs);
    }

    private SequenceStats window(long windowStart) {
        SequenceStats window = openWindows.get(windowStart);
        if (window == null) {
            // Seeded by the window, as the event reservoir is: each task's sample draws its own keys.
            window = new SequenceStats(config.keyField(), config.stateField(), gapMs,
                    new RowReservoir(RowReservoir.WINDOW_CAPACITY, windowStart));
            openWindows.put(windowStart, window);
            progress.windowOpened();
        }
        return window;
    }

    private void closeWindowsEndingBy(long time) {
        Iterator<Map.Entry<Long, SequenceStats>> windows = openWindows.entrySet().iterator();
        while (windows.hasNext()) {
            Map.Entry<Long, SequenceStats> window = windows.next();
            if (window.getKey() + windowMs > time) {
                break;
            }
            forward(window.getKey(), window.getValue());
            windows.remove();
        }
    }

    private void closeIfIdle(long wallClock) {
        if (!openWindows.isEmpty() && wallClock - lastRecordWallClock >= config.idleClose().toMillis()) {
            openWindows.forEach(this::forward);
            openWindows.clear();
        }
    }

    private void forward(long windowStart, SequenceStats sequences) {
        WindowStats report = new WindowStats(windowStart, windowStart + windowMs);
        report.setSequences(sequences);
        progress.windowClosed();
        context.forward(new Record<>(config.sourceTopic(), report, Math.min(windowStart + windowMs - 1, Math.max(windowStart, streamTime))));
    }
}
