package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.Row;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentWindowsTest {

    private static WindowStats pane(long start, long... values) {
        WindowStats pane = new WindowStats(start, start + 10);
        for (long value : values) {
            pane.observe(Row.of(Map.of("x", value)), start + 1);
        }
        return pane;
    }

    @Test
    void reportsOfOnePaneFromTwoPartitionsMergeAndOnlyTheNewestPanesAreKept() {
        RecentWindows recent = new RecentWindows(2);
        recent.add(pane(0, 1));
        recent.add(pane(10, 2, 3));
        recent.add(pane(10, 4)); // the same pane from another partition
        recent.add(pane(20, 5));

        assertThat(recent.panes().keySet()).containsExactly(10L, 20L);
        WindowStats merged = recent.panes().get(10L);
        assertThat(merged.events()).isEqualTo(3);
        assertThat(merged.fields().get("x").count()).isEqualTo(3);
        assertThat(merged.fields().get("x").numberSketch().getMaxItem()).isEqualTo(4);
    }

    @Test
    void theyReadBackFromTheirFormat() {
        RecentWindows recent = new RecentWindows(3);
        recent.add(pane(0, 1, 2));
        recent.add(pane(10, 3));

        RecentWindows back = RecentWindows.fromBytes(RecentWindows.toBytes(recent));

        assertThat(back.capacity()).isEqualTo(3);
        assertThat(back.panes().keySet()).containsExactly(0L, 10L);
        assertThat(back.panes().get(0L).events()).isEqualTo(2);
        assertThat(back.panes().get(0L).rate().gapCount()).isEqualTo(1);
    }
}
