package dev.doppel.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.Row;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class RowReservoirTest {

    /** z of a two-sided test at alpha = 0.001 with a Bonferroni correction over 400 items: Phi^-1(1 - 0.001 / 800). */
    private static final double Z_PER_ITEM = 4.21;

    private static Row row(long id) {
        return Row.of(Map.of("id", id));
    }

    @Test
    void itNeverHoldsMoreThanItsCapacity() {
        RowReservoir reservoir = new RowReservoir(500, 1);
        for (long i = 0; i < 100_000; i++) {
            reservoir.offer(row(i));
        }

        assertThat(reservoir.size()).isEqualTo(500);
        assertThat(reservoir.offered()).isEqualTo(100_000);
        assertThat(reservoir.threshold()).isFinite();
    }

    @Test
    void mergingTwoUnevenPartitionsGivesEveryRowTheSameChanceAsOneUniformSample() {
        // Partition A saw 300 rows, B 100; a merged sample of 50 keeps each with probability 50/400.
        int trials = 4_000;
        int capacity = 50;
        int[] kept = new int[400];
        for (int t = 0; t < trials; t++) {
            RowReservoir a = new RowReservoir(capacity, 2L * t);
            RowReservoir b = new RowReservoir(capacity, 2L * t + 1);
            for (long i = 0; i < 300; i++) {
                a.offer(row(i));
            }
            for (long i = 300; i < 400; i++) {
                b.offer(row(i));
            }
            RowReservoir merged = new RowReservoir(capacity, 0);
            merged.merge(a);
            merged.merge(b);
            assertThat(merged.size()).isEqualTo(capacity);
            for (Row row : merged.rows()) {
                kept[(int) (long) (Long) row.get("id")]++;
            }
        }
        double p = capacity / 400.0;
        double tolerance = Z_PER_ITEM * Math.sqrt(p * (1 - p) / trials);
        for (int i = 0; i < kept.length; i++) {
            assertThat((double) kept[i] / trials).as("inclusion frequency of row %d", i).isCloseTo(p, org.assertj.core.api.Assertions.within(tolerance));
        }
    }

    @Test
    void aMergedWeightedSampleKeepsHeavyRowsAsOftenAsOneReservoirOverTheWholeStream() {
        // Rows 0..99 weigh 3, rows 100..399 weigh 1; one reservoir sees all, or two see halves and merge.
        int trials = 3_000;
        int capacity = 40;
        long wholeHeavy = 0;
        long mergedHeavy = 0;
        for (int t = 0; t < trials; t++) {
            RowReservoir whole = new RowReservoir(capacity, 3L * t);
            RowReservoir first = new RowReservoir(capacity, 3L * t + 1);
            RowReservoir second = new RowReservoir(capacity, 3L * t + 2);
            for (long i = 0; i < 400; i++) {
                double logWeight = i < 100 ? Math.log(3) : 0;
                whole.offer(row(i), logWeight);
                (i % 2 == 0 ? first : second).offer(row(i), logWeight);
            }
            first.merge(second);
            wholeHeavy += whole.rows().stream().filter(r -> (Long) r.get("id") < 100).count();
            mergedHeavy += first.rows().stream().filter(r -> (Long) r.get("id") < 100).count();
        }
        double slots = (double) trials * capacity;
        double pWhole = wholeHeavy / slots;
        double pMerged = mergedHeavy / slots;
        // Heavy rows are 1/4 of the rows but 1/2 of the weight: a weighted sample keeps them far above 1/4.
        assertThat(pWhole).isGreaterThan(0.4);
        double tolerance = 3.29 * Math.sqrt(2 * pWhole * (1 - pWhole) / slots);
        assertThat(pMerged).isCloseTo(pWhole, org.assertj.core.api.Assertions.within(tolerance));
    }

    @Test
    void mergeIsCommutative() {
        RowReservoir a = new RowReservoir(30, 1);
        RowReservoir b = new RowReservoir(30, 2);
        for (long i = 0; i < 100; i++) {
            a.offer(row(i));
            b.offer(row(1000 + i));
        }
        RowReservoir ab = a.copy();
        ab.merge(b);
        RowReservoir ba = b.copy();
        ba.merge(a);

        assertThat(ab.rows()).isEqualTo(ba.rows());
        assertThat(ab.offered()).isEqualTo(200);
    }

    @Test
    void aWindowReservoirReadsBackWithEveryRowAndKey() {
        WindowStats window = new WindowStats(0, 1000, 7, 20);
        for (long i = 0; i < 50; i++) {
            window.observe(Row.of(Map.of("id", i, "name", "n" + (i % 3), "x", i / 2.0, "ok", i % 2 == 0)), i);
        }
        java.util.Map<String, Object> nulls = new java.util.LinkedHashMap<>();
        for (String field : List.of("id", "name", "x", "ok")) {
            nulls.put(field, null);
        }
        window.observe(Row.of(nulls), 51);

        WindowStats read = StatsFormat.windowStatsFromBytes(StatsFormat.toBytes(window));

        assertThat(read.reservoir().entries()).isEqualTo(window.reservoir().entries());
        assertThat(read.reservoir().offered()).isEqualTo(51);
        assertThat(read.reservoir().threshold()).isEqualTo(window.reservoir().threshold());
        TopicStats topic = new TopicStats("t", 1000);
        topic.add(window);
        assertThat(StatsFormat.topicStatsFromBytes(StatsFormat.toBytes(topic)).reservoir().entries())
                .isEqualTo(topic.reservoir().entries());
    }

    @Test
    void rowsKeepTheirValuesWhateverNumberTypeTheyCameAs() {
        RowReservoir reservoir = new RowReservoir(5, 1);
        reservoir.offer(Row.of(Map.of("i", 3, "f", 1.5f)));
        Set<Object> values = new HashSet<>(reservoir.rows().get(0).values().values());
        assertThat(values).containsExactlyInAnyOrder(3L, 1.5);
    }
}
