package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.Row;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShapeStatsTest {

    @Test
    void aMaskKeepsPunctuationAndNamesEachCharacterClass() {
        assertThat(ShapeStats.mask("17-000003")).isEqualTo("99-999999");
        assertThat(ShapeStats.mask("Jane.Doe@ex.com")).isEqualTo("Aaaa.Aaa@aa.aaa");
        assertThat(ShapeStats.mask("x".repeat(100))).hasSize(ShapeStats.MAX_MASK_LENGTH);
    }

    @Test
    void everyCharacterSeenAtAPositionIsInItsSetAndNoOtherIs() {
        ShapeStats shape = new ShapeStats();
        shape.observe("AB-1");
        shape.observe("AC-2 x");
        shape.observe("é");

        assertThat(seen(shape, 0)).containsExactly('A');
        assertThat(shape.nonAsciiAt(0)).isTrue();
        assertThat(seen(shape, 1)).containsExactlyInAnyOrder('B', 'C');
        assertThat(seen(shape, 3)).containsExactlyInAnyOrder('1', '2');
        assertThat(seen(shape, 4)).containsExactly(' ');
        assertThat(seen(shape, 6)).isEmpty();
        assertThat(shape.minLength()).isEqualTo(1);
        assertThat(shape.maxLength()).isEqualTo(6);
        assertThat(shape.withSpace()).isEqualTo(1);
        assertThat(shape.meanLength()).isCloseTo(11 / 3.0, within(1e-12));
    }

    @Test
    void mergingIsTheUnionOfTheTwoStreamsInEitherOrder() {
        Random random = new Random(5);
        ShapeStats all = new ShapeStats();
        ShapeStats left = new ShapeStats();
        ShapeStats right = new ShapeStats();
        for (int i = 0; i < 2_000; i++) {
            String value = Integer.toString(random.nextInt(1_000_000), 36);
            all.observe(value);
            (i % 3 == 0 ? left : right).observe(value);
        }
        ShapeStats leftThenRight = copy(left);
        leftThenRight.merge(right);
        ShapeStats rightThenLeft = copy(right);
        rightThenLeft.merge(left);

        for (ShapeStats merged : List.of(leftThenRight, rightThenLeft)) {
            assertThat(merged.toBytes()).hasSameSizeAs(all.toBytes());
            assertThat(merged.values()).isEqualTo(all.values());
            assertThat(merged.maxLength()).isEqualTo(all.maxLength());
            assertThat(merged.minLength()).isEqualTo(all.minLength());
            for (int p = 0; p < ShapeStats.POSITIONS; p++) {
                assertThat(merged.seenAt(p)).isEqualTo(all.seenAt(p));
            }
        }
    }

    @Test
    void shapesKeysDistinctCountsAndDecimalsSurviveTheFormat() {
        WindowStats window = new WindowStats(0, 1_000);
        for (int i = 0; i < 300; i++) {
            Row row = Row.of(Map.of("id", "ID-" + i, "price", i / 8.0));
            window.observe(row, i);
            window.observeKey(i % 10 == 0 ? null : ("ID-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), row);
        }
        WindowStats read = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(window));

        FieldStats id = read.fields().get("id");
        assertThat(id.distinct()).isEqualTo(window.fields().get("id").distinct()).isBetween(290L, 310L);
        assertThat(id.shape().toBytes()).isEqualTo(window.fields().get("id").shape().toBytes());
        assertThat(read.fields().get("price").maxDecimals()).isEqualTo(3);
        assertThat(read.key().nulls()).isEqualTo(30);
        assertThat(read.key().distinct()).isEqualTo(270);
        assertThat(read.keyMatches()).containsExactly(Map.entry("id", 270L));
        assertThat(read.key().shape().toBytes()).isEqualTo(window.key().shape().toBytes());

        TopicStats topic = new TopicStats("t", 1_000);
        topic.add(read);
        TopicStats topicRead = StatsFormat.topicStatsFromBytes(StatsFormat.toBytes(topic));
        assertThat(topicRead.key().count()).isEqualTo(300);
        assertThat(topicRead.keyField()).isEqualTo("id");
        assertThat(topicRead.fields().get("id").shape().maxLength()).isEqualTo(6);
    }

    private static ShapeStats copy(ShapeStats shape) {
        return ShapeStats.fromBytes(shape.toBytes());
    }

    private static Set<Character> seen(ShapeStats shape, int position) {
        Set<Character> chars = new HashSet<>();
        boolean[] seen = shape.seenAt(position);
        for (char c = 0; c < 128; c++) {
            if (seen[c]) {
                chars.add(c);
            }
        }
        return chars;
    }
}
