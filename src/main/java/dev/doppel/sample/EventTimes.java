package dev.doppel.sample;

import dev.doppel.model.NumericMarginal;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.LongSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Synthetic event times that follow a learned rate timeline: window by window, exactly the window's
 * learned number of events, placed within it by the learned inter-arrival shape.
 *
 * <p>Placing {@code c} events in a window of length {@code L}: draw {@code c + 1} gaps
 * {@code g_0 .. g_c} from the learned gap distribution and put event {@code k} at
 * {@code start + floor(L * (g_0 + ... + g_k) / (g_0 + ... + g_c))}. Only the gaps' shape matters, not
 * their scale (which depends on how many partitions the source had): exponential gaps give the
 * uniform order statistics of a Poisson process, bursty gaps give clusters and silences. Without
 * learned gaps, or if every gap drawn is 0, gaps are exponential. The events of one window are held in
 * an array of {@code c} longs while the window is being played.
 *
 * <p>Two ways to run: {@link #replay} plays a fixed timeline once (the source's own span); {@link #live}
 * repeats, window after window from a start time, the newest window count a supplier gives, so a
 * live mirror tracks the source's newest windows. Not thread-safe.
 */
public final class EventTimes {

    /** Returned by {@link #next()} when a replayed timeline is over. */
    public static final long END = Long.MIN_VALUE;

    private final UniformRandomProvider random;
    private final NumericMarginal gaps;
    private final long windowMs;
    private final NavigableMap<Long, Long> timeline;
    private final LongSupplier liveCount;
    private final ZigguratSampler.Exponential exponential;
    private long windowStart;
    private long[] times = new long[0];
    private int index;
    private long notBefore = Long.MIN_VALUE;

    private EventTimes(NavigableMap<Long, Long> timeline, long windowStart, LongSupplier liveCount, long windowMs,
                       NumericMarginal gaps, UniformRandomProvider random) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + windowMs + " ms");
        }
        this.timeline = timeline;
        this.liveCount = liveCount;
        this.windowMs = windowMs;
        this.gaps = gaps;
        this.random = random;
        this.exponential = ZigguratSampler.Exponential.of(random);
        this.windowStart = windowStart;
    }

    /** Plays {@code timeline} (events per window start, windows {@code windowMs} long) once. */
    public static EventTimes replay(NavigableMap<Long, Long> timeline, long windowMs, NumericMarginal gaps,
                                    UniformRandomProvider random) {
        return new EventTimes(timeline, timeline.isEmpty() ? 0 : timeline.firstKey(), null, windowMs, gaps, random);
    }

    /**
     * Plays, from {@code startMs} on and without end, windows aligned to {@code windowMs} holding as
     * many events as {@code newestCount} says when each window begins. Events of the first window
     * that fall before {@code startMs} are left out.
     */
    public static EventTimes live(long startMs, LongSupplier newestCount, long windowMs, NumericMarginal gaps,
                                  UniformRandomProvider random) {
        EventTimes times = new EventTimes(null, startMs - Math.floorMod(startMs, windowMs), newestCount, windowMs, gaps, random);
        times.notBefore = startMs;
        return times;
    }

    /** The time (epoch ms) of the next event, ascending; {@link #END} after a replay's last window. */
    public long next() {
        while (index >= times.length) {
            if (!nextWindow()) {
                return END;
            }
        }
        return times[index++];
    }

    private boolean nextWindow() {
        long count;
        if (timeline != null) {
            Map.Entry<Long, Long> window = timeline.ceilingEntry(windowStart);
            if (window == null) {
                return false;
            }
            windowStart = window.getKey();
            count = window.getValue();
        } else {
            count = Math.max(0, liveCount.getAsLong());
        }
        times = place(windowStart, Math.toIntExact(count));
        index = 0;
        while (index < times.length && times[index] < notBefore) {
            index++;
        }
        windowStart += windowMs;
        return true;
    }

    /** {@code count} ascending times in [start, start + windowMs), spaced by the learned gap shape. */
    long[] place(long start, int count) {
        double[] cumulative = new double[count + 1];
        double total = 0;
        for (int k = 0; k <= count; k++) {
            total += gap();
            cumulative[k] = total;
        }
        if (!(total > 0)) {
            total = 0;
            for (int k = 0; k <= count; k++) {
                total += exponential.sample();
                cumulative[k] = total;
            }
        }
        long[] placed = new long[count];
        for (int k = 0; k < count; k++) {
            placed[k] = start + Math.min(windowMs - 1, (long) Math.floor(windowMs * cumulative[k] / total));
        }
        return placed;
    }

    private double gap() {
        return gaps == null ? exponential.sample() : Math.max(0, gaps.quantile(random.nextDouble()));
    }
}
