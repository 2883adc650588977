package dev.doppel.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.ValueFormat;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.NumericMarginal;
import dev.doppel.model.RateModel;
import dev.doppel.sample.EventTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class FollowPacerTest {

    private static final long HOUR = 3_600_000;
    private static final long T0 = 978_307_200_000L; // 2001-01-01T00:00:00Z

    /** A clock that only moves when the pacer waits: no test ever sleeps. */
    static final class FakeTicker implements Ticker {
        long now = 1_000_000_000L;
        long slept;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
            slept += nanos;
        }
    }

    private static ModelSnapshot model(TreeMap<Long, Long> timeline) {
        long events = timeline.values().stream().mapToLong(Long::longValue).sum();
        RateModel rate = new RateModel("date", HOUR, HOUR, 0,
                new NumericMarginal(new double[] {0, 30_000, 300_000}, new double[] {0.4, 0.9, 1}), 30_000, 0.3);
        return new ModelSnapshot("flights", ValueFormat.JSON, null, 0, HOUR, timeline.size(), events,
                timeline.firstKey(), timeline.lastKey() + HOUR - 1, timeline, List.of()).withRate(rate);
    }

    private static TreeMap<Long, Long> threeHours() {
        TreeMap<Long, Long> timeline = new TreeMap<>();
        timeline.put(T0, 120L);
        timeline.put(T0 + HOUR, 7L);
        timeline.put(T0 + 2 * HOUR, 300L);
        return timeline;
    }

    private static List<Long> run(FollowPacer pacer, FakeTicker ticker, List<Long> dueNanos) {
        List<Long> times = new ArrayList<>();
        for (long t = pacer.awaitNext(); t != EventTimes.END; t = pacer.awaitNext()) {
            times.add(t);
            dueNanos.add(ticker.now);
        }
        return times;
    }

    @Test
    void aReplayReproducesEveryWindowsCountExactly() {
        FakeTicker ticker = new FakeTicker();
        FollowPacer pacer = FollowPacer.forModel(model(threeHours()), 3600, RandomSource.XO_RO_SHI_RO_128_PP.create(5L), ticker,
                System.currentTimeMillis(), () -> 0);

        List<Long> times = run(pacer, ticker, new ArrayList<>());

        assertThat(pacer.live()).isFalse();
        TreeMap<Long, Long> counts = new TreeMap<>();
        times.forEach(t -> counts.merge(t - Math.floorMod(t - T0, HOUR), 1L, Long::sum));
        assertThat(counts).containsExactlyEntriesOf(threeHours());
        assertThat(times).isSorted();
    }

    @Test
    void speedScalesRealTimeAndEachEventIsSentWhenItsTimeIsDue() {
        FakeTicker ticker = new FakeTicker();
        long start = ticker.now;
        FollowPacer pacer = FollowPacer.forModel(model(threeHours()), 60, RandomSource.XO_RO_SHI_RO_128_PP.create(6L), ticker,
                System.currentTimeMillis(), () -> 0);
        List<Long> due = new ArrayList<>();

        List<Long> times = run(pacer, ticker, due);

        for (int i = 0; i < times.size(); i++) {
            long expected = start + (times.get(i) - T0) * 1_000_000 / 60;
            // Sent when due (rounded to the nanosecond): never early, never later than the wait asked.
            assertThat(due.get(i)).isBetween(expected - 1, expected + 1);
        }
        // Three hours of source time at 60x: at most three minutes of waiting in all.
        assertThat(ticker.slept).isLessThanOrEqualTo(3 * 60 * 1_000_000_000L).isGreaterThan(0);
    }

    @Test
    void atMaxSpeedItNeverWaits() {
        FakeTicker ticker = new FakeTicker();
        FollowPacer pacer = FollowPacer.forModel(model(threeHours()), Pacer.MAX, RandomSource.XO_RO_SHI_RO_128_PP.create(7L), ticker,
                System.currentTimeMillis(), () -> 0);

        assertThat(run(pacer, ticker, new ArrayList<>())).hasSize(427);
        assertThat(ticker.slept).isZero();
    }

    @Test
    void aModelWhoseNewestWindowIsRecentIsFollowedLiveOnTheWallClock() {
        long now = T0 + 3 * HOUR + HOUR / 2; // the newest window (T0 + 2h) ended half an hour ago
        FakeTicker ticker = new FakeTicker();
        long start = ticker.now;
        FollowPacer pacer = FollowPacer.forModel(model(threeHours()), 60, RandomSource.XO_RO_SHI_RO_128_PP.create(8L), ticker,
                now, () -> 40);

        assertThat(FollowPacer.isLive(model(threeHours()), now)).isTrue();
        assertThat(FollowPacer.isLive(model(threeHours()), now + 2 * HOUR)).isFalse();
        assertThat(pacer.live()).isTrue();
        List<Long> times = new ArrayList<>();
        long t;
        while ((t = pacer.awaitNext()) < T0 + 6 * HOUR) {
            times.add(t);
        }
        // Live, speed is 1: the next two whole hours carry the newest count each.
        assertThat(times.stream().filter(time -> time >= T0 + 4 * HOUR)).hasSize(80);
        assertThat(times).allSatisfy(time -> assertThat(time).isGreaterThanOrEqualTo(now));
        // ... at real time: the event at t was due (t - now) ms after the start.
        assertThat(ticker.now - start).isBetween((t - now) * 1_000_000L - 1, (t - now) * 1_000_000L + 1);
    }
}
