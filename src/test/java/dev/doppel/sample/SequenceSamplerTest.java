package dev.doppel.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.ValueFormat;
import dev.doppel.evaluate.Distances;
import dev.doppel.model.CategoricalMarginal;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.NumericMarginal;
import dev.doppel.model.SequenceModel;
import dev.doppel.testing.Tolerances;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks a known two-state chain (with start and end) many times and checks what the walks show
 * against the chain's own numbers, within the binomial error of the counts.
 */
class SequenceSamplerTest {

    private static final long SEED = 4242;
    private static final int EVENTS = 100_000;
    private static final List<String> STATES = List.of("x", "y");
    private static final long[] STARTS = {3, 1};
    private static final long[][] TRANSITIONS = {{6, 3, 1}, {2, 5, 3}}; // to x, to y, to end
    private static final Map<String, Long> COUNTRY_WEIGHTS = Map.of("a", 600L, "b", 300L, "c", 100L);

    private static ModelSnapshot model;
    private static Walks walks;

    @BeforeAll
    static void walkTheChain() {
        model = model();
        SequenceSampler sampler = SequenceSampler.seeded(model, SEED);
        walks = new Walks();
        for (int i = 0; i < EVENTS; i++) {
            walks.add(sampler.next());
        }
        walks.active = sampler.activeKeys();
    }

    @Test
    void entitiesStartInTheirStartDistribution() {
        Map<String, Long> starts = new HashMap<>();
        walks.byKey.values().forEach(walk -> starts.merge(walk.get(0).state, 1L, Long::sum));
        long n = walks.byKey.size();
        double[] expected = model.sequences().startProbabilities();
        for (int s = 0; s < STATES.size(); s++) {
            double share = starts.getOrDefault(STATES.get(s), 0L) / (double) n;
            assertThat(Math.abs(share - expected[s])).as("start share of %s over %d entities", STATES.get(s), n)
                    .isLessThanOrEqualTo(Tolerances.binomial(expected[s], n));
        }
    }

    @Test
    void eachStatesNextStateIncludingTheEndFollowsItsTransitionRow() {
        for (int from = 0; from < STATES.size(); from++) {
            long[] counts = new long[STATES.size() + 1];
            for (Map.Entry<String, List<Step>> walk : walks.byKey.entrySet()) {
                List<Step> steps = walk.getValue();
                for (int i = 0; i < steps.size(); i++) {
                    if (!steps.get(i).state.equals(STATES.get(from))) {
                        continue;
                    }
                    if (i + 1 < steps.size()) {
                        counts[STATES.indexOf(steps.get(i + 1).state)]++;
                    } else if (!walks.active.contains(walk.getKey())) {
                        counts[STATES.size()]++;
                    }
                }
            }
            long n = Arrays.stream(counts).sum();
            double[] expected = model.sequences().transitionProbabilities(from);
            for (int to = 0; to < counts.length; to++) {
                assertThat(Math.abs((double) counts[to] / n - expected[to]))
                        .as("%s -> %s over %d transitions", STATES.get(from), to == STATES.size() ? "end" : STATES.get(to), n)
                        .isLessThanOrEqualTo(Tolerances.binomial(expected[to], n));
            }
        }
    }

    @Test
    void visitsPerEntityMatchTheAbsorbingChainsExpectation() {
        // Expected visits per state from the start: pi0 (I - Q)^-1 for the transient block Q (Kemeny and Snell).
        double[] pi0 = model.sequences().startProbabilities();
        double[] px = model.sequences().transitionProbabilities(0);
        double[] py = model.sequences().transitionProbabilities(1);
        double a = 1 - px[0];
        double b = -px[1];
        double c = -py[0];
        double d = 1 - py[1];
        double det = a * d - b * c;
        double[] expectedVisits = {(pi0[0] * d - pi0[1] * c) / det, (-pi0[0] * b + pi0[1] * a) / det};
        for (int s = 0; s < STATES.size(); s++) {
            String state = STATES.get(s);
            List<Long> visits = new ArrayList<>();
            walks.byKey.forEach((key, walk) -> {
                if (!walks.active.contains(key)) {
                    visits.add(walk.stream().filter(step -> step.state.equals(state)).count());
                }
            });
            double mean = visits.stream().mapToLong(Long::longValue).average().orElseThrow();
            double variance = visits.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (visits.size() - 1);
            assertThat(Math.abs(mean - expectedVisits[s])).as("mean visits to %s per entity", state)
                    .isLessThanOrEqualTo(Tolerances.Z_ALPHA * Math.sqrt(variance / visits.size()));
        }
    }

    @Test
    void attributesAreDrawnOncePerEntityFromTheirMarginal() {
        Map<String, Long> perEntity = new TreeMap<>();
        walks.byKey.values().forEach(walk -> {
            Object country = walk.get(0).country;
            assertThat(walk).allSatisfy(step -> assertThat(step.country).isEqualTo(country));
            perEntity.merge(country.toString(), 1L, Long::sum);
        });
        long m = walks.byKey.size();
        assertThat(Distances.totalVariation(COUNTRY_WEIGHTS, perEntity))
                .isLessThanOrEqualTo(Tolerances.tvd(COUNTRY_WEIGHTS, m, 0));
    }

    @Test
    void eventsComeInEventTimeOrderSpacedByTheirStatesTimeToNext() {
        assertThat(walks.outOfOrder).isZero();
        long afterY = 0;
        long afterYShort = 0;
        for (List<Step> walk : walks.byKey.values()) {
            for (int i = 0; i + 1 < walk.size(); i++) {
                long gap = walk.get(i + 1).time - walk.get(i).time;
                if (walk.get(i).state.equals("x")) {
                    assertThat(gap).isEqualTo(1000); // x's time to next is always 1 s
                } else {
                    afterY++;
                    afterYShort += gap == 1000 ? 1 : 0;
                    assertThat(gap).isIn(1000L, 3000L);
                }
            }
        }
        assertThat(Math.abs((double) afterYShort / afterY - 0.5)).isLessThanOrEqualTo(Tolerances.binomial(0.5, afterY));
    }

    @Test
    void entitiesGetFreshKeysInTheKeyFieldAndTheStateInTheStateField() {
        assertThat(walks.byKey.keySet()).allSatisfy(key -> assertThat(key).startsWith("syn-"));
        assertThat(walks.keyFieldMismatches).isZero();
        assertThat(walks.byKey.size()).isGreaterThan(1000);
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        SequenceSampler first = SequenceSampler.seeded(model, 7);
        SequenceSampler second = SequenceSampler.seeded(model, 7);
        for (int i = 0; i < 1000; i++) {
            assertThat(second.next()).isEqualTo(first.next());
        }
    }

    @Test
    void aModelWithoutSequencesIsRefused() {
        ModelSnapshot plain = new ModelSnapshot("t", ValueFormat.JSON, null, 0, 60_000, 1, 1, 0, 0, new TreeMap<>(), model.fields());
        assertThatThrownBy(() -> SequenceSampler.seeded(plain, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no entity sequences");
    }

    static ModelSnapshot model() {
        List<FieldModel> fields = List.of(
                new FieldModel("id", FieldType.STRING, null, 0, null,
                        new CategoricalMarginal(List.of("real-key-1"), new double[] {1.0}, 0), 0),
                new FieldModel("s", FieldType.STRING, null, 0, null,
                        new CategoricalMarginal(List.of("x", "y"), new double[] {0.5, 0.5}, 0), 0),
                new FieldModel("country", FieldType.STRING, null, 0, null,
                        new CategoricalMarginal(List.of("a", "b", "c"), new double[] {0.6, 0.3, 0.1}, 0), 0),
                new FieldModel("level", FieldType.LONG, null, 0,
                        new NumericMarginal(new double[] {1, 2, 3}, new double[] {0.2, 0.7, 1.0}), null, 0));
        NumericMarginal oneSecond = new NumericMarginal(new double[] {1000}, new double[] {1.0});
        NumericMarginal oneOrThree = new NumericMarginal(new double[] {1000, 3000}, new double[] {0.5, 1.0});
        SequenceModel chain = new SequenceModel("id", "s", STATES, STARTS, TRANSITIONS, List.of(oneSecond, oneOrThree), null,
                List.of("country"), 0.5, 1.0, 60_000);
        return new ModelSnapshot("t", ValueFormat.JSON, null, 0, 60_000, 1, 1000, 0, 60_000, new TreeMap<>(), fields).withSequences(chain);
    }

    private record Step(String state, long time, Object country) {
    }

    private static final class Walks {
        final Map<String, List<Step>> byKey = new HashMap<>();
        Set<String> active = Set.of();
        long lastTime = Long.MIN_VALUE;
        long outOfOrder;
        long keyFieldMismatches;

        void add(SequenceSampler.Event event) {
            if (event.eventTimeMs() < lastTime) {
                outOfOrder++;
            }
            lastTime = event.eventTimeMs();
            if (!event.key().equals(event.row().get("id"))) {
                keyFieldMismatches++;
            }
            byKey.computeIfAbsent(event.key(), k -> new ArrayList<>())
                    .add(new Step((String) event.row().get("s"), event.eventTimeMs(), event.row().get("country")));
        }
    }
}
