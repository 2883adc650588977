package dev.doppel.generate;

import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.RateModel;
import dev.doppel.sample.EventTimes;
import java.util.function.LongSupplier;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Paces events that follow a model's rate timeline ({@code generate --rate follow}): each event is
 * due when its synthetic time, counted from the origin, has passed at {@code speed} times real time.
 *
 * <p>Replay (the model's newest window ended more than {@link #LIVE_WINDOWS} windows ago, e.g. a
 * recorded topic): synthetic time runs over the source's own span, window by window with each
 * window's learned count, at {@code speed} times real time, or without waiting at speed
 * {@link Pacer#MAX}. Live (the newest window is recent): synthetic time is the wall clock, and each
 * window gets as many events as the newest window of the newest model, so the mirror's rate follows
 * the source's with at most one window of lag. Falling behind is caught up by going faster, never by
 * skipping events. Not thread-safe.
 */
public final class FollowPacer {

    /** A model is live if its newest window ended at most this many windows before now. */
    public static final int LIVE_WINDOWS = 2;

    private final EventTimes times;
    private final long originMs;
    private final double nanosPerMs;
    private final Ticker ticker;
    private final long startNanos;
    private final boolean live;

    FollowPacer(EventTimes times, long originMs, double speed, Ticker ticker, boolean live) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
        this.times = times;
        this.originMs = originMs;
        this.nanosPerMs = Double.isInfinite(speed) ? 0 : 1e6 / speed;
        this.ticker = ticker;
        this.startNanos = ticker.nanoTime();
        this.live = live;
    }

    /**
     * A pacer for {@code model}: replay, or live if the model's newest window is recent at
     * {@code nowMs} (then {@code newestCount} gives the newest window count of the newest model, and
     * the speed is 1).
     */
    public static FollowPacer forModel(ModelSnapshot model, double speed, UniformRandomProvider random, Ticker ticker,
                                       long nowMs, LongSupplier newestCount) {
        RateModel rate = model.rate();
        long windowMs = model.windowSizeMs();
        if (isLive(model, nowMs)) {
            return new FollowPacer(EventTimes.live(nowMs, newestCount, windowMs, rate.gaps(), random), nowMs, 1, ticker, true);
        }
        EventTimes times = EventTimes.replay(model.timeline(), windowMs, rate.gaps(), random);
        return new FollowPacer(times, model.timeline().isEmpty() ? 0 : model.timeline().firstKey(), speed, ticker, false);
    }

    /** True if the model's newest window ended at most {@link #LIVE_WINDOWS} windows before {@code nowMs}. */
    public static boolean isLive(ModelSnapshot model, long nowMs) {
        if (model.timeline().isEmpty()) {
            return false;
        }
        long newestEnd = model.timeline().lastKey() + model.windowSizeMs();
        return nowMs - newestEnd <= LIVE_WINDOWS * model.windowSizeMs();
    }

    public boolean live() {
        return live;
    }

    /**
     * Waits until the next event is due and returns its synthetic time (epoch ms), or
     * {@link EventTimes#END} when a replay is over or the thread is interrupted.
     */
    public long awaitNext() {
        long time = times.next();
        if (time == EventTimes.END) {
            return EventTimes.END;
        }
        long due = startNanos + (long) ((time - originMs) * nanosPerMs);
        long wait;
        while ((wait = due - ticker.nanoTime()) > 0) {
            ticker.sleepNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return EventTimes.END;
            }
        }
        return time;
    }
}
