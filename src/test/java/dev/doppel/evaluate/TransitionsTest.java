package dev.doppel.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TransitionsTest {

    private static final String[] COLUMNS = Tables.columns("key", "state", "time");

    @Test
    void transitionsAreCountedPerKeyInTimeOrder() {
        EventTable table = Tables.of(COLUMNS,
                new Object[] {"A", "s1", 1L},
                new Object[] {"B", "s1", 1L},
                new Object[] {"A", "s1", 3L}, // after A's s2 at time 2
                new Object[] {"A", "s2", 2L},
                new Object[] {"B", "s2", 5L});

        Transitions transitions = Transitions.of(table, "key", "state", "time");

        assertThat(transitions.counts()).isEqualTo(Map.of("s1", Map.of("s2", 2L), "s2", Map.of("s1", 1L)));
        assertThat(transitions.total()).isEqualTo(3);
    }

    @Test
    void withoutKeyOrTimeTheStreamIsOneSequenceInFileOrder() {
        EventTable table = Tables.of(COLUMNS,
                new Object[] {"A", "s1", 9L}, new Object[] {"B", "s2", 1L}, new Object[] {"A", "s2", 5L});

        assertThat(Transitions.of(table, null, "state", null).counts())
                .isEqualTo(Map.of("s1", Map.of("s2", 1L), "s2", Map.of("s2", 1L)));
    }

    @Test
    void distanceIsTheMeanRowTvdWeightedByRealCountsAndAStateNeverLeftIsDistanceOne() {
        // Real: s1 -> s2 twice, s2 -> s1 once. Synthetic: s1 -> s2 once, s1 -> s1 once, s2 never left.
        EventTable real = Tables.of(COLUMNS,
                new Object[] {"A", "s1", 1L}, new Object[] {"A", "s2", 2L}, new Object[] {"A", "s1", 3L},
                new Object[] {"B", "s1", 1L}, new Object[] {"B", "s2", 2L});
        EventTable synthetic = Tables.of(COLUMNS,
                new Object[] {"X", "s1", 1L}, new Object[] {"X", "s2", 2L},
                new Object[] {"Y", "s1", 1L}, new Object[] {"Y", "s1", 2L});

        double distance = Transitions.meanRowDistance(Transitions.of(real, "key", "state", "time"),
                Transitions.of(synthetic, "key", "state", "time"));

        // Row s1: weight 2/3, TVD({s2: 1}, {s2: 1/2, s1: 1/2}) = 1/2. Row s2: weight 1/3, distance 1.
        assertThat(distance).isCloseTo(2.0 / 3 * 0.5 + 1.0 / 3, within(1e-12));
        Transitions same = Transitions.of(real, "key", "state", "time");
        assertThat(Transitions.meanRowDistance(same, Transitions.of(real, "key", "state", "time"))).isZero();
    }
}
