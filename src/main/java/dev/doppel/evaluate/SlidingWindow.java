package dev.doppel.evaluate;

import dev.doppel.codec.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The rows of the last stretch of time, for live evaluation: rows come in with their record
 * timestamps, and those older than the window, or beyond the cap (oldest first), are dropped.
 */
public final class SlidingWindow {

    private record Timed(long timestamp, Row row) {
    }

    private final long windowMillis;
    private final int cap;
    private final Deque<Timed> rows = new ArrayDeque<>();

    public SlidingWindow(long windowMillis, int cap) {
        if (windowMillis <= 0 || cap <= 0) {
            throw new IllegalArgumentException("window and cap must be positive");
        }
        this.windowMillis = windowMillis;
        this.cap = cap;
    }

    /** Adds a row stamped {@code timestamp} (rows come roughly in time order, as a topic's do). */
    public void add(long timestamp, Row row) {
        rows.addLast(new Timed(timestamp, row));
        if (rows.size() > cap) {
            rows.removeFirst();
        }
    }

    /** Drops the rows stamped before {@code now} minus the window. */
    public void slide(long now) {
        long oldest = now - windowMillis;
        rows.removeIf(timed -> timed.timestamp() < oldest);
    }

    public List<Row> rows() {
        List<Row> list = new ArrayList<>(rows.size());
        rows.forEach(timed -> list.add(timed.row()));
        return list;
    }

    public int size() {
        return rows.size();
    }
}
