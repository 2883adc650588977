package dev.doppel.learn;

import dev.doppel.model.ModelSnapshot;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one learner, shared by its stream threads and read by whoever shows progress.
 * Thread-safe.
 */
public final class LearnProgress {

    private final LongAdder eventsRead = new LongAdder();
    private final LongAdder lateEvents = new LongAdder();
    private final Map<String, LongAdder> badRecords = new ConcurrentHashMap<>();
    private final LongAdder windowsOpened = new LongAdder();
    private final LongAdder windowsClosed = new LongAdder();
    private final AtomicLong modelsPublished = new AtomicLong();
    private volatile ModelSnapshot latestModel;

    void eventRead() {
        eventsRead.increment();
    }

    void lateEvent() {
        lateEvents.increment();
    }

    /** Counts one bad record; returns how many of this reason there have been. */
    long badRecord(String reason) {
        LongAdder count = badRecords.computeIfAbsent(reason, r -> new LongAdder());
        count.increment();
        return count.sum();
    }

    void windowOpened() {
        windowsOpened.increment();
    }

    void windowClosed() {
        windowsClosed.increment();
    }

    void modelPublished(ModelSnapshot model) {
        latestModel = model;
        modelsPublished.incrementAndGet();
    }

    /** Records decoded and learned from. */
    public long eventsRead() {
        return eventsRead.sum();
    }

    /** Records that arrived after their window had closed, and were dropped. */
    public long lateEvents() {
        return lateEvents.sum();
    }

    /** Records skipped because they could not be read, by reason. */
    public Map<String, Long> badRecords() {
        Map<String, Long> counts = new TreeMap<>();
        badRecords.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    public long badRecordTotal() {
        return badRecords.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Window reports emitted, one per window per learner task. */
    public long windowsClosed() {
        return windowsClosed.sum();
    }

    /** Windows with events not yet reported, over all learner tasks. */
    public long openWindows() {
        return windowsOpened.sum() - windowsClosed.sum();
    }

    /**
     * True when every window opened has closed and every report has reached a published model: what
     * has been read is fully in the latest model.
     */
    public boolean settled() {
        long closed = windowsClosed.sum();
        return windowsOpened.sum() == closed && modelsPublished.get() == closed;
    }

    public long modelsPublished() {
        return modelsPublished.get();
    }

    /** The newest model this learner published, or null. */
    public ModelSnapshot latestModel() {
        return latestModel;
    }
}
