package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.Row;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowStatsTest {

    private static Row row(Object... namesAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return Row.of(values);
    }

    @Test
    void aFieldSeenLateCountsTheEarlierEventsAsNull() {
        WindowStats window = new WindowStats(0, 60_000);
        window.observe(row("a", 1L), 10);
        window.observe(row("a", 2L), 20);
        window.observe(row("a", 3L, "b", "x"), 30);

        FieldStats b = window.fields().get("b");
        assertThat(b.count()).isEqualTo(3);
        assertThat(b.nulls()).isEqualTo(2);
        assertThat(b.texts()).isEqualTo(1);
        assertThat(window.fields().get("a").nulls()).isZero();
    }

    @Test
    void aFieldMissingFromAnEventCountsAsNullForIt() {
        WindowStats window = new WindowStats(0, 60_000);
        window.observe(row("a", 1L, "b", "x"), 10);
        window.observe(row("a", 2L), 20);
        window.observe(row("b", "y"), 30);

        assertThat(window.fields().get("a").count()).isEqualTo(3);
        assertThat(window.fields().get("a").nulls()).isEqualTo(1);
        assertThat(window.fields().get("b").count()).isEqualTo(3);
        assertThat(window.fields().get("b").nulls()).isEqualTo(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void everyFieldCountsEveryEventOfTheWindowWhicheverFieldsEachEventHas(long seed) {
        Random random = new Random(seed);
        List<String> names = List.of("a", "b", "c", "d", "e");
        WindowStats window = new WindowStats(0, 60_000);
        Map<String, Long> present = new HashMap<>();
        int events = 1_000;
        for (int i = 0; i < events; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String name : names) {
                // Field "e" turns up only in the last tenth of the window; the others come and go.
                boolean has = name.equals("e") ? i >= 900 && random.nextBoolean() : random.nextInt(3) > 0;
                if (has) {
                    values.put(name, (long) i);
                    present.merge(name, 1L, Long::sum);
                }
            }
            window.observe(Row.of(values), i);
        }

        assertThat(window.events()).isEqualTo(events);
        for (String name : names) {
            FieldStats field = window.fields().get(name);
            assertThat(field.count()).as(name).isEqualTo(events);
            assertThat(field.nulls()).as(name).isEqualTo(events - present.get(name));
            assertThat(field.longs()).as(name).isEqualTo(present.get(name));
        }
    }

    @Test
    void theWindowCountsEventsAndTheirTimeSpanAndKeepsFieldsInFirstSeenOrder() {
        WindowStats window = new WindowStats(60_000, 120_000);
        window.observe(row("z", 1L), 61_000);
        window.observe(row("a", 1L, "z", 2L), 60_500);
        window.observe(row("m", 1L), 119_999);

        assertThat(window.windowStart()).isEqualTo(60_000);
        assertThat(window.windowEnd()).isEqualTo(120_000);
        assertThat(window.events()).isEqualTo(3);
        assertThat(window.minTimestamp()).isEqualTo(60_500);
        assertThat(window.maxTimestamp()).isEqualTo(119_999);
        assertThat(window.fields().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void aWindowMustEndAfterItStarts() {
        assertThatThrownBy(() -> new WindowStats(1_000, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WindowStats(1_000, 999)).isInstanceOf(IllegalArgumentException.class);
    }
}
