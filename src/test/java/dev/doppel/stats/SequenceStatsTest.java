package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequenceStatsTest {

    /** Two entities' worth of statistics: x x y ended, and y alone ended. */
    private static SequenceStats sample(String keyField) {
        SequenceStats stats = new SequenceStats(keyField, "s", 600_000);
        stats.entityStarted();
        stats.entityStarted();
        SequenceStats.StateField s = stats.stateField("s");
        s.transition(null, "x");
        s.transition("x", "x");
        s.timeToNext("x", 60_000);
        s.transition("x", "y");
        s.timeToNext("x", 120_000);
        s.transition("y", null);
        s.transition(null, "y");
        s.transition("y", null);
        stats.entityEnded(3, 1_000, 180_000, Set.of("country"), Map.of("country", "NO", "s", "x", "level", "2"));
        stats.entityEnded(1, 500_000, 0, Set.of("country", "level"), Map.of("country", "SE", "level", "7"));
        return stats;
    }

    @Test
    void aWindowsSequenceStatisticsReadBackWithEveryCountAndSketch() {
        WindowStats window = new WindowStats(0, 3_600_000);
        window.setSequences(sample("user"));

        SequenceStats read = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(window)).sequences();

        SequenceStats expected = sample("user");
        assertThat(read.keyField()).isEqualTo("user");
        assertThat(read.configuredStateField()).isEqualTo("s");
        assertThat(read.entityGapMs()).isEqualTo(600_000);
        assertThat(read.entityStarts()).isEqualTo(2);
        assertThat(read.entityEnds()).isEqualTo(2);
        assertThat(read.multiEventEntities()).isEqualTo(1);
        assertThat(read.endedLifetimeMs()).isEqualTo(180_000);
        assertThat(read.constantFields()).isEqualTo(Map.of("country", 1L)); // only multi-event entities count
        assertThat(read.eventsPerEntity().getN()).isEqualTo(2);
        assertThat(read.eventsPerEntity().getMaxItem()).isEqualTo(3);
        SequenceStats.StateField s = read.stateFields().get("s");
        assertThat(s.transitions()).isEqualTo(expected.stateFields().get("s").transitions());
        assertThat(s.pairs()).isEqualTo(2);
        assertThat(s.changes()).isEqualTo(1);
        assertThat(s.timeToNext().get("x").getN()).isEqualTo(2);
        assertThat(s.timeToNext().get("x").getMinItem()).isEqualTo(60_000);
        assertThat(read.endedEntities().rows()).as("per ended entity: its first values, length and start")
                .extracting(row -> row.values())
                .containsExactlyInAnyOrder(
                        Map.of("country", "NO", "s", "x", "level", "2", SequenceStats.EVENTS, 3L, SequenceStats.START, 1_000L),
                        withNull(Map.of("country", "SE", "level", "7", SequenceStats.EVENTS, 1L, SequenceStats.START, 500_000L), "s"));
    }

    /** {@code values} and {@code field} as null: a field the entity did not have reads back as a null. */
    private static Map<String, Object> withNull(Map<String, Object> values, String field) {
        Map<String, Object> row = new java.util.HashMap<>(values);
        row.put(field, null);
        return row;
    }

    @Test
    void aWindowWithoutSequenceStatisticsReadsBackWithout() {
        assertThat(StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(new WindowStats(0, 1))).sequences()).isNull();
    }

    @Test
    void topicStatisticsMergeEveryReportsSequencesAndReadBack() {
        TopicStats topic = new TopicStats("t", 3_600_000);
        for (int i = 0; i < 2; i++) {
            WindowStats report = new WindowStats(i * 3_600_000L, (i + 1) * 3_600_000L);
            report.setSequences(sample(null));
            topic.add(report);
        }
        assertThat(topic.timeline()).as("reports of entity statistics only add no events").isEmpty();

        SequenceStats read = StatsFormat.topicStatsFromBytes(StatsFormat.toBytes(topic)).sequences();

        assertThat(read.keyField()).isNull();
        assertThat(read.entityStarts()).isEqualTo(4);
        assertThat(read.constantFields()).isEqualTo(Map.of("country", 2L));
        assertThat(read.stateFields().get("s").transitions().get("x")).containsEntry("x", 2L).containsEntry("y", 2L);
        assertThat(read.stateFields().get("s").transitions().get(null)).containsEntry("x", 2L).containsEntry("y", 2L);
        assertThat(read.stateFields().get("s").timeToNext().get("x").getN()).isEqualTo(4);
        assertThat(read.eventsPerEntity().getN()).isEqualTo(4);
        assertThat(read.endedEntities().size()).isEqualTo(4);
        assertThat(read.endedEntities().capacity()).as("the topic keeps a larger sample than a window").isEqualTo(RowReservoir.TOPIC_CAPACITY);
    }

    @Test
    void aFieldWithMoreValuesThanAStateHasOverflowsAndKeepsNoChain() {
        SequenceStats stats = new SequenceStats(null, null, 1);
        SequenceStats.StateField id = stats.stateField("id");
        for (int i = 0; i <= SequenceStats.MAX_STATES; i++) {
            id.transition(null, "v" + i);
        }
        assertThat(id.overflowed()).isTrue();
        assertThat(id.transitions()).isEmpty();

        SequenceStats other = new SequenceStats(null, null, 1);
        other.stateField("id").transition(null, "v0");
        other.merge(stats);
        assertThat(other.stateFields().get("id").overflowed()).isTrue();
        assertThat(other.stateFields().get("id").transitions()).isEmpty();
    }

    @Test
    void twoFieldsThatFitSeparatelyOverflowWhenMergedBeyondTheBound() {
        SequenceStats a = new SequenceStats(null, null, 1);
        SequenceStats b = new SequenceStats(null, null, 1);
        for (int i = 0; i < SequenceStats.MAX_STATES; i++) {
            a.stateField("f").transition(null, "a" + i);
            b.stateField("f").transition(null, "b" + i);
        }
        assertThat(a.stateFields().get("f").overflowed()).isFalse();
        a.merge(b);
        assertThat(a.stateFields().get("f").overflowed()).isTrue();
    }
}
