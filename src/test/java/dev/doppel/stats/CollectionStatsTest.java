package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.Row;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statistics of arrays and maps: a length per row, each element once, nothing of them in the row reservoir. */
class CollectionStatsTest {

    private static Row row(Object id, Long length, List<?> tags) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("tags[]#length", length);
        values.put("tags[]", tags);
        return Row.of(values);
    }

    @Test
    void anElementPathIsObservedOncePerElementAndItsLengthOncePerRow() {
        WindowStats window = new WindowStats(0, 100);
        window.observe(row(1L, 3L, Arrays.asList("a", "b", null)), 1);
        window.observe(row(2L, 0L, List.of()), 2);
        window.observe(row(3L, null, List.of()), 3);

        FieldStats length = window.fields().get("tags[]#length");
        assertThat(length.count()).isEqualTo(3);
        assertThat(length.nulls()).isEqualTo(1);
        FieldStats tags = window.fields().get("tags[]");
        assertThat(tags.count()).isEqualTo(3);
        assertThat(tags.nulls()).isEqualTo(1);
        assertThat(tags.texts()).isEqualTo(2);
    }

    @Test
    void anArrayFirstSeenLateAddsNoNullElementsForTheEventsBefore() {
        WindowStats window = new WindowStats(0, 100);
        window.observe(Row.of(Map.of("id", 1L)), 1);
        window.observe(row(2L, 2L, List.of("a", "b")), 2);
        window.observe(Row.of(Map.of("id", 3L)), 3);

        assertThat(window.fields().get("tags[]#length").nulls()).isEqualTo(2);
        assertThat(window.fields().get("tags[]").count()).isEqualTo(2);
        assertThat(window.fields().get("tags[]").nulls()).isZero();

        TopicStats topic = new TopicStats("t", 100);
        WindowStats earlier = new WindowStats(0, 100);
        earlier.observe(Row.of(Map.of("id", 0L)), 0);
        topic.add(earlier);
        topic.add(window);
        WindowStats later = new WindowStats(100, 200);
        later.observe(Row.of(Map.of("id", 4L)), 101);
        topic.add(later);
        assertThat(topic.fields().get("tags[]").count()).isEqualTo(2);
        assertThat(topic.fields().get("tags[]").nulls()).isZero();
        assertThat(topic.fields().get("tags[]#length").nulls()).isEqualTo(4);
    }

    @Test
    void theReservoirKeepsRowsWithoutArraysAndTheStatisticsRoundTrip() {
        WindowStats window = new WindowStats(0, 100);
        for (int i = 0; i < 50; i++) {
            window.observe(row((long) i, 2L, List.of("x" + i % 3, "y")), i);
        }
        assertThat(window.reservoir().rows()).allSatisfy(kept -> assertThat(kept.values().keySet()).containsExactly("id"));

        WindowStats back = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(window));
        assertThat(back.fields().keySet()).containsExactly("id", "tags[]#length", "tags[]");
        assertThat(back.fields().get("tags[]").count()).isEqualTo(100);
        assertThat(back.fields().get("tags[]").distinct()).isEqualTo(4);
    }
}
