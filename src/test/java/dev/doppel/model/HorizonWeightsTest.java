package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.codec.ValueFormat;
import dev.doppel.stats.WindowStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HorizonWeightsTest {

    @Test
    void theNewestWindowCountsFullyAndTheOldestInTheHorizonAnEighth() {
        assertThat(HorizonWeights.window(0, 6)).isEqualTo(1.0);
        assertThat(HorizonWeights.window(2, 6)).isCloseTo(0.5, within(1e-12)); // 2^(-3*2/6)
        assertThat(HorizonWeights.window(5, 6)).isCloseTo(Math.pow(2, -2.5), within(1e-12));
        assertThat(HorizonWeights.window(6, 6)).isZero();
        assertThat(HorizonWeights.window(6, 6 + 1)).isGreaterThan(0.125);
    }

    @Test
    void aPaneWeighsTheSumOfTheWindowsThatHoldIt() {
        // Windows of 3 panes, horizon 2: window 0 holds panes 0..2, window 1 panes 1..3.
        int horizon = 2;
        int panesPerWindow = 3;
        double w0 = 1;
        double w1 = Math.pow(2, -1.5);
        assertThat(HorizonWeights.panes(horizon, panesPerWindow)).isEqualTo(4);
        assertThat(HorizonWeights.pane(0, horizon, panesPerWindow)).isCloseTo(w0, within(1e-12));
        assertThat(HorizonWeights.pane(1, horizon, panesPerWindow)).isCloseTo(w0 + w1, within(1e-12));
        assertThat(HorizonWeights.pane(2, horizon, panesPerWindow)).isCloseTo(w0 + w1, within(1e-12));
        assertThat(HorizonWeights.pane(3, horizon, panesPerWindow)).isCloseTo(w1, within(1e-12));
        assertThat(HorizonWeights.pane(4, horizon, panesPerWindow)).isZero();
    }

    @Test
    void overAHorizonTheMarginalsMixThePanesWithTheirWeights() {
        // Tumbling, horizon 2: the older pane (all 0, all "a", all null-free) weighs 2^-1.5, the newer one 1.
        WindowStats older = new WindowStats(0, 10);
        WindowStats newer = new WindowStats(10, 20);
        for (int i = 0; i < 100; i++) {
            older.observe(Row.of(Map.of("x", 0L, "k", "a")), 1);
            newer.observe(Row.of(Map.of("x", 1L, "k", "b")), 11);
        }
        FieldModel x = new FieldModel("x", FieldType.LONG, null, 0, new NumericMarginal(new double[] {0, 1}, new double[] {0.5, 1}), null, 0);
        FieldModel k = new FieldModel("k", FieldType.STRING, null, 0, null, new CategoricalMarginal(List.of("a", "b"), new double[] {0.5, 0.5}, 0), 0);
        ModelSnapshot cumulative = new ModelSnapshot("t", ValueFormat.JSON, null, 0, 10, 2, 200, 1, 11, new TreeMap<>(), List.of(x, k));

        List<FieldModel> mixed = HorizonMarginals.fields(cumulative, List.of(older, newer), new Windowing(10, 10, 2, null));

        double olderShare = Math.pow(2, -1.5) / (1 + Math.pow(2, -1.5));
        assertThat(mixed.get(0).numeric().cdf(0)).isCloseTo(olderShare, within(1e-12));
        assertThat(mixed.get(1).categorical().values()).containsExactly("b", "a");
        assertThat(mixed.get(1).categorical().weights()[1]).isCloseTo(olderShare, within(1e-12));
        assertThat(mixed.get(1).categorical().unseenWeight()).isZero();
    }

    @Test
    void overAHorizonSynthesizedFieldsStayShapesAndOthersKeepTheirRoleAndBounds() {
        WindowStats pane = new WindowStats(0, 10);
        for (int i = 0; i < 100; i++) {
            pane.observe(Row.of(Map.of("id", "ID-" + i, "x", (long) i)), 1);
        }
        dev.doppel.stats.TopicStats stats = new dev.doppel.stats.TopicStats("t", 10);
        stats.add(pane);
        ModelSnapshot cumulative = new ModelBuilder(java.time.Clock.systemUTC()).build(stats);
        assertThat(cumulative.field("id").role().synthesized()).isTrue();

        List<FieldModel> mixed = HorizonMarginals.fields(cumulative, List.of(pane), new Windowing(10, 10, 2, null));

        FieldModel id = mixed.stream().filter(field -> field.name().equals("id")).findFirst().orElseThrow();
        assertThat(id).isEqualTo(cumulative.field("id"));
        assertThat(id.categorical()).isNull();
        FieldModel x = mixed.stream().filter(field -> field.name().equals("x")).findFirst().orElseThrow();
        assertThat(x.role()).isEqualTo(cumulative.field("x").role());
        assertThat(x.min()).isEqualTo(0);
        assertThat(x.max()).isEqualTo(99);
    }
}
