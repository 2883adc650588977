package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.ValueFormat;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SequenceModelFormatTest {

    private static SequenceModel chain(String keyField) {
        return new SequenceModel(keyField, "status", List.of("hurricane", "storm"), new long[] {1, 9},
                new long[][] {{30, 5, 2}, {4, 60, 7}},
                Arrays.asList(new NumericMarginal(new double[] {21_600_000}, new double[] {1.0}), null),
                new NumericMarginal(new double[] {3, 20, 40}, new double[] {0.1, 0.6, 1.0}), List.of("name", "year"),
                1.5e-6, 0.75, 604_800_000L);
    }

    private static ModelSnapshot snapshot(SequenceModel sequences) {
        return new ModelSnapshot("storms", ValueFormat.JSON, null, 1, 60_000, 1, 10, 0, 59_999, new TreeMap<>(),
                List.of(new FieldModel("status", FieldType.STRING, null, 0, null,
                        new CategoricalMarginal(List.of("storm", "hurricane"), new double[] {0.7, 0.3}, 0), 0))).withSequences(sequences);
    }

    @Test
    void aSequenceModelReadsBackPartByPart() {
        for (String keyField : new String[] {null, "storm_id"}) {
            SequenceModel written = chain(keyField);
            SequenceModel read = ModelFormat.fromBytes(ModelFormat.toBytes(snapshot(written))).sequences();

            assertThat(read.keyField()).isEqualTo(keyField);
            assertThat(read.stateField()).isEqualTo("status");
            assertThat(read.states()).containsExactly("hurricane", "storm");
            assertThat(read.startCounts()).containsExactly(1, 9);
            assertThat(read.transitionCounts()).isDeepEqualTo(written.transitionCounts());
            assertThat(read.timeToNextMs().get(0).values()).containsExactly(21_600_000);
            assertThat(read.timeToNextMs().get(1)).isNull();
            assertThat(read.eventsPerEntity().values()).containsExactly(3, 20, 40);
            assertThat(read.eventsPerEntity().cumulative()).containsExactly(0.1, 0.6, 1.0);
            assertThat(read.attributes()).containsExactly("name", "year");
            assertThat(read.entityStartsPerSecond()).isEqualTo(1.5e-6);
            assertThat(read.meanActiveEntities()).isEqualTo(0.75);
            assertThat(read.entityGapMs()).isEqualTo(604_800_000L);
        }
    }

    @Test
    void aModelWithoutSequencesReadsBackWithout() {
        assertThat(ModelFormat.fromBytes(ModelFormat.toBytes(snapshot(null))).sequences()).isNull();
    }

    @Test
    void probabilitiesComeFromTheCountsWithTheEndLast() {
        SequenceModel chain = chain(null);
        assertThat(chain.startProbabilities()).containsExactly(0.1, 0.9);
        assertThat(chain.transitionProbabilities(0)).containsExactly(30 / 37.0, 5 / 37.0, 2 / 37.0);
        assertThat(chain.endIndex()).isEqualTo(2);
    }

    @Test
    void aChainWithoutARowPerStateOrAnEndColumnIsRefused() {
        assertThatThrownBy(() -> new SequenceModel(null, "s", List.of("a"), new long[] {1}, new long[][] {{1}},
                Arrays.asList((NumericMarginal) null), null, List.of(), 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end");
        assertThatThrownBy(() -> new SequenceModel(null, "s", List.of("a"), new long[] {0}, new long[][] {{1, 1}},
                Arrays.asList((NumericMarginal) null), null, List.of(), 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start");
    }
}
