package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import dev.doppel.testing.KllSeed;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class CopulaFitterTest {

    /** z of a two-sided test at alpha = 0.001. */
    private static final double Z = 3.29;

    @Test
    void normalScoresAndUniformsAreInverses() {
        NormalDistribution normal = new NormalDistribution(0, 1);
        assertThat(CopulaFitter.normalScore(0.5)).isCloseTo(0.0, within(1e-12));
        for (double z = -8; z <= 8; z += 0.37) {
            assertThat(CopulaFitter.uniform(z)).as("Phi(%s)", z).isCloseTo(normal.cumulativeProbability(z), within(1e-14));
        }
        for (double u = 0.001; u < 1; u += 0.0173) {
            assertThat(CopulaFitter.uniform(CopulaFitter.normalScore(u))).isCloseTo(u, within(1e-9));
        }
    }

    @Test
    void nullsTakeTheBottomOfTheScaleAndValuesTheRestInTheirMarginalsOrder() {
        FieldModel category = new FieldModel("c", FieldType.STRING, null, 0.2,
                null, new CategoricalMarginal(List.of("a", "b"), new double[] {0.75, 0.25}, 0), 0);
        FieldScale scale = new FieldScale(category);

        assertThat(scale.interval(null)).containsExactly(0.0, 0.2);
        assertThat(scale.interval("a")).containsExactly(new double[] {0.2, 0.8}, within(1e-12));
        assertThat(scale.interval("b")).containsExactly(new double[] {0.8, 1.0}, within(1e-12));
        assertThat(scale.interval("never seen")).isNull();
        assertThat(scale.value(0.1)).isNull();
        assertThat(scale.value(0.5)).isEqualTo("a");
        assertThat(scale.value(0.9)).isEqualTo("b");

        FieldModel number = new FieldModel("n", FieldType.LONG, null, 0,
                new NumericMarginal(new double[] {1, 2, 5}, new double[] {0.5, 0.75, 1}), null, 0);
        FieldScale numbers = new FieldScale(number);
        assertThat(numbers.interval(1L)).containsExactly(0.0, 0.5);
        assertThat(numbers.interval(2L)).containsExactly(0.5, 0.75);
        assertThat(numbers.interval(4L)).as("between atoms: the step that samples 5").containsExactly(0.75, 1.0);
        assertThat(numbers.value(0.6)).isEqualTo(2L);

        FieldModel flag = new FieldModel("f", FieldType.BOOLEAN, null, 0, null, null, 0.3);
        assertThat(new FieldScale(flag).interval(true)).containsExactly(new double[] {0.7, 1.0}, within(1e-12));
    }

    @Test
    void theCopulaRecoversTheCorrelationOfBivariateNormalData() {
        double r = 0.7;
        int n = 8_000;
        GaussianCopula copula = fit(bivariate(r, n, 5, false));

        // The standard error of Pearson's r is about (1 - r^2) / sqrt(n); the marginals come from KLL.
        assertThat(copula.correlation("x", "y")).isCloseTo(r, within(Z * (1 - r * r) / Math.sqrt(n) + FieldStats.NUMBER_RANK_ERROR));
    }

    @Test
    void theCopulaRecoversTheLatentCorrelationOfLognormalData() {
        // NORTA inverts the lognormals' Pearson correlation back to the normal one; its error is that of
        // r over the log-values, widened by the skew (delta method for e^(0.5 z) at most doubles it).
        double r = -0.6;
        int n = 8_000;
        GaussianCopula copula = fit(bivariate(r, n, 6, true));

        assertThat(copula.correlation("x", "y")).isCloseTo(r, within(2 * Z * (1 - r * r) / Math.sqrt(n) + FieldStats.NUMBER_RANK_ERROR));
    }

    @Test
    void nullsThatCoOccurCorrelate() {
        Random random = new Random(9);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            boolean missing = random.nextDouble() < 0.3;
            Map<String, Object> values = new HashMap<>();
            values.put("a", missing ? null : (long) random.nextInt(100));
            values.put("b", missing && random.nextDouble() < 0.9 ? null : (long) random.nextInt(100));
            rows.add(Row.of(values));
        }

        assertThat(fit(rows).correlation("a", "b")).isGreaterThan(0.5);
    }

    @Test
    void identifierLikeTextStaysOutOfTheCopula() {
        Random random = new Random(10);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(Row.of(Map.of("id", "ID-" + i, "x", random.nextGaussian(), "y", random.nextGaussian())));
        }

        assertThat(fit(rows).fields()).containsExactlyInAnyOrder("x", "y");
    }

    static GaussianCopula fit(List<Row> rows) {
        KllSeed.set(17);
        WindowStats window = new WindowStats(0, Long.MAX_VALUE, 1, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            window.observe(rows.get(i), i);
        }
        TopicStats stats = new TopicStats("t", Long.MAX_VALUE);
        stats.add(window);
        return new ModelBuilder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build(stats).copula();
    }

    static List<Row> bivariate(double r, int n, long seed, boolean lognormal) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            double y = r * x + Math.sqrt(1 - r * r) * random.nextGaussian();
            rows.add(Row.of(Map.of("x", lognormal ? Math.exp(0.5 * x) : x, "y", lognormal ? Math.exp(0.5 * y) : y)));
        }
        return rows;
    }
}
