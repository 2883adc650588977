package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.doppel.codec.Row;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicStatsTest {

    private static final long MINUTE = 60_000;

    /** A window starting at {@code start} minutes with one event per value of field {@code name}. */
    private static WindowStats window(long start, String name, Object... values) {
        WindowStats window = new WindowStats(start * MINUTE, (start + 1) * MINUTE);
        for (int i = 0; i < values.length; i++) {
            window.observe(Row.of(Map.of(name, values[i])), start * MINUTE + i);
        }
        return window;
    }

    @Test
    void windowReportsAddUp() {
        TopicStats topic = new TopicStats("flights", MINUTE);

        topic.add(window(3, "delay", 1L, 2L, 3L));
        topic.add(window(1, "delay", 4L, 5L));

        assertThat(topic.sourceTopic()).isEqualTo("flights");
        assertThat(topic.windowSizeMs()).isEqualTo(MINUTE);
        assertThat(topic.windowReports()).isEqualTo(2);
        assertThat(topic.events()).isEqualTo(5);
        assertThat(topic.minTimestamp()).isEqualTo(MINUTE);
        assertThat(topic.maxTimestamp()).isEqualTo(3 * MINUTE + 2);
        assertThat(topic.timeline()).containsExactly(entry(MINUTE, 2L), entry(3 * MINUTE, 3L));
        FieldStats delay = topic.fields().get("delay");
        assertThat(delay.count()).isEqualTo(5);
        assertThat(delay.longs()).isEqualTo(5);
        assertThat(delay.numberSketch().getMinItem()).isEqualTo(1);
        assertThat(delay.numberSketch().getMaxItem()).isEqualTo(5);
    }

    @Test
    void theTimelineAddsTheCountsOfTwoReportsOfTheSameWindow() {
        // Two learner tasks (partitions) each report the same event-time window.
        TopicStats topic = new TopicStats("flights", MINUTE);

        topic.add(window(7, "delay", 1L, 2L, 3L));
        topic.add(window(7, "delay", 4L, 5L, 6L, 7L));

        assertThat(topic.windowReports()).isEqualTo(2);
        assertThat(topic.timeline()).containsExactly(entry(7 * MINUTE, 7L));
    }

    @Test
    void theTimelineKeepsTheNewestMaxTimelineWindows() {
        TopicStats topic = new TopicStats("flights", MINUTE);
        int windows = TopicStats.MAX_TIMELINE + 5;

        // Newest first, so that what is dropped is chosen by window start, not by arrival.
        for (long start = windows - 1; start >= 0; start--) {
            topic.add(window(start, "delay", 1L));
        }

        assertThat(topic.timeline()).hasSize(TopicStats.MAX_TIMELINE);
        assertThat(topic.timeline().firstKey()).isEqualTo(5 * MINUTE);
        assertThat(topic.timeline().lastKey()).isEqualTo((windows - 1) * MINUTE);
        // Only the timeline is bounded: every event still counts.
        assertThat(topic.events()).isEqualTo(windows);
        assertThat(topic.fields().get("delay").count()).isEqualTo(windows);
    }

    @Test
    void aFieldMissingFromAWholeWindowCountsThatWindowsEventsAsNull() {
        // WindowStats counts an event without the field as a null for it; a window in which no event
        // had the field must count the same way once merged, or the field's null rate comes out low.
        WindowStats withField = window(1, "delay", 1L, 2L);
        WindowStats withoutField = window(2, "distance", 100L, 200L, 300L);

        TopicStats inOrder = new TopicStats("flights", MINUTE);
        inOrder.add(withField);
        inOrder.add(withoutField);
        TopicStats reversed = new TopicStats("flights", MINUTE);
        reversed.add(withoutField);
        reversed.add(withField);

        for (TopicStats topic : new TopicStats[] {inOrder, reversed}) {
            assertThat(topic.events()).isEqualTo(5);
            assertThat(topic.fields().get("delay").count()).isEqualTo(5);
            assertThat(topic.fields().get("delay").nulls()).isEqualTo(3);
            assertThat(topic.fields().get("distance").count()).isEqualTo(5);
            assertThat(topic.fields().get("distance").nulls()).isEqualTo(2);
        }
    }

    @Test
    void addingAWindowLeavesTheWindowAsItWas() {
        TopicStats topic = new TopicStats("flights", MINUTE);
        WindowStats first = window(1, "delay", 1L, 2L);
        topic.add(first);

        topic.add(window(2, "delay", 3L));

        assertThat(first.fields().get("delay").count()).isEqualTo(2);
        assertThat(first.fields().get("delay").numberSketch().getN()).isEqualTo(2);
    }
}
