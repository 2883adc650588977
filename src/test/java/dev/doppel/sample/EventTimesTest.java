package dev.doppel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.model.NumericMarginal;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class EventTimesTest {

    private static final long HOUR = 3_600_000;

    private static List<Long> drain(EventTimes times) {
        List<Long> all = new ArrayList<>();
        for (long t = times.next(); t != EventTimes.END; t = times.next()) {
            all.add(t);
        }
        return all;
    }

    @Test
    void aReplayPutsExactlyEachWindowsCountInThatWindowInOrder() {
        NavigableMap<Long, Long> timeline = new TreeMap<>();
        timeline.put(0L, 5L);
        timeline.put(HOUR, 0L);
        timeline.put(3 * HOUR, 1234L); // a window with no entry in between: no events there
        NumericMarginal gaps = new NumericMarginal(new double[] {0, 60_000, 600_000}, new double[] {0.5, 0.9, 1});

        List<Long> times = drain(EventTimes.replay(timeline, HOUR, gaps, RandomSource.XO_RO_SHI_RO_128_PP.create(1L)));

        assertThat(times).hasSize(1239).isSorted();
        assertThat(times.stream().filter(t -> t < HOUR)).hasSize(5);
        assertThat(times.stream().filter(t -> t >= HOUR && t < 3 * HOUR)).isEmpty();
        assertThat(times.stream().filter(t -> t >= 3 * HOUR && t < 4 * HOUR)).hasSize(1234);
    }

    @Test
    void regularGapsSpreadEventsEvenlyAndBurstyOnesClusterThem() {
        long[] even = EventTimes.replay(new TreeMap<>(), HOUR, new NumericMarginal(new double[] {1000}, new double[] {1}),
                RandomSource.XO_RO_SHI_RO_128_PP.create(2L)).place(0, 9);
        assertThat(even).containsExactly(360_000, 720_000, 1_080_000, 1_440_000, 1_800_000, 2_160_000, 2_520_000, 2_880_000, 3_240_000);

        // 99% of gaps are 0 and 1% are long: events come in bunches at a few instants.
        NumericMarginal bursty = new NumericMarginal(new double[] {0, 100_000}, new double[] {0.99, 1});
        long[] bunched = EventTimes.replay(new TreeMap<>(), HOUR, bursty, RandomSource.XO_RO_SHI_RO_128_PP.create(3L)).place(0, 1000);
        assertThat(java.util.Arrays.stream(bunched).distinct().count()).isLessThan(50);
    }

    @Test
    void liveTimesRepeatTheNewestCountEachWindowAndSkipWhatIsAlreadyPast() {
        long[] newest = {10};
        EventTimes times = EventTimes.live(HOUR / 2, () -> newest[0], HOUR, null, RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        List<Long> firstWindow = new ArrayList<>();
        long t;
        while ((t = times.next()) < HOUR) {
            firstWindow.add(t);
        }
        newest[0] = 3; // a newer model arrived: the next window after this one follows it
        List<Long> later = new ArrayList<>(List.of(t));
        while ((t = times.next()) < 3 * HOUR) {
            later.add(t);
        }

        assertThat(firstWindow).allSatisfy(time -> assertThat(time).isBetween(HOUR / 2, HOUR - 1)).hasSizeLessThanOrEqualTo(10);
        assertThat(later.stream().filter(time -> time < 2 * HOUR)).hasSize(10); // drawn before the swap
        assertThat(later.stream().filter(time -> time >= 2 * HOUR)).hasSize(3);
    }
}
