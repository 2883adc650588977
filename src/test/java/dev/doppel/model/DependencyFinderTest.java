package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DependencyFinderTest {

    /** The fields' marginals learned from the rows themselves, as the model builder learns them. */
    private static List<FieldModel> learned(List<Row> rows, String... names) {
        List<FieldModel> fields = new ArrayList<>();
        for (String name : names) {
            dev.doppel.stats.FieldStats stats = new dev.doppel.stats.FieldStats(name);
            rows.forEach(row -> stats.observe(row.get(name)));
            fields.add(ModelBuilder.fieldModel(stats));
        }
        return fields;
    }

    private static Row row(Object... pairs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return Row.of(values);
    }

    @Test
    void aZipCodeDeterminesItsCityAndTheTableHasOnlyTheSeenPairs() {
        Random random = new Random(1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int zip = random.nextInt(50);
            rows.add(row("zip", "z" + zip, "city", "c" + zip / 5, "noise", (long) random.nextInt(1000)));
        }

        List<Dependency> found = DependencyFinder.find(learned(rows, "zip", "city", "noise"), rows);

        assertThat(found).hasSize(1);
        Dependency dependency = found.get(0);
        assertThat(dependency.kind()).isEqualTo(Dependency.Kind.FUNCTIONAL);
        assertThat(dependency.determinants()).containsExactly("zip");
        assertThat(dependency.dependents()).containsExactly("city");
        Set<List<Object>> seen = rows.stream().map(r -> List.of(r.get("zip"), r.get("city"))).collect(Collectors.toSet());
        assertThat(dependency.combinations()).allSatisfy(c -> assertThat(seen).contains(c.values()));
        assertThat(dependency.combinations().stream().mapToLong(Dependency.Combination::count).sum()).isEqualTo(rows.size());
    }

    @Test
    void aPairDeterminesWhatNeitherFieldDeterminesAlone() {
        Random random = new Random(2);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int origin = random.nextInt(12);
            int destination = random.nextInt(12);
            // As for real routes, both directions have the same distance: it does not tell which end is the origin.
            long distance = 100L * Math.min(origin, destination) + 7L * Math.max(origin, destination);
            rows.add(row("origin", "o" + origin, "destination", "d" + destination, "distance", distance));
        }

        List<Dependency> found = DependencyFinder.find(learned(rows, "origin", "destination", "distance"), rows);

        assertThat(found).anySatisfy(dependency -> {
            assertThat(dependency.kind()).isEqualTo(Dependency.Kind.FUNCTIONAL);
            assertThat(dependency.determinants()).hasSize(2);
            assertThat(dependency.fields()).containsExactlyInAnyOrder("origin", "destination", "distance");
        });
    }

    @Test
    void aStronglyAssociatedCategoricalThatIsNotAFunctionIsFoundAsAnAssociation() {
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int opponent = random.nextInt(20);
            // The team follows the opponent 85% of the time: a strong association, not a function.
            int team = random.nextDouble() < 0.85 ? opponent % 4 : random.nextInt(4);
            rows.add(row("opponent", "o" + opponent, "team", "t" + team));
        }

        List<Dependency> found = DependencyFinder.find(learned(rows, "opponent", "team"), rows);

        assertThat(found).singleElement().satisfies(dependency -> {
            assertThat(dependency.kind()).isEqualTo(Dependency.Kind.ASSOCIATED);
            assertThat(dependency.determinants()).containsExactly("opponent");
            assertThat(dependency.dependents()).containsExactly("team");
            assertThat(dependency.strength()).isGreaterThanOrEqualTo(DependencyFinder.MIN_CRAMERS_V);
        });
    }

    @Test
    void independentFieldsHaveNoDependency() {
        Random random = new Random(4);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            rows.add(row("a", "a" + random.nextInt(10), "b", "b" + random.nextInt(10), "n", (long) random.nextInt(30)));
        }

        assertThat(DependencyFinder.find(learned(rows, "a", "b", "n"), rows)).isEmpty();
    }

    @Test
    void nearlyUniqueValuesDetermineNothingBecauseNoValueRepeatsEnough() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            rows.add(row("id", "id" + i, "colour", i % 2 == 0 ? "red" : "blue"));
        }

        assertThat(DependencyFinder.find(learned(rows, "id", "colour"), rows)).isEmpty();
    }

    @Test
    void aTableWhoseSampleMissesPartOfItsDeterminantsMarginalIsDropped() {
        // 400 zip codes in the marginal, equally frequent; the sampled rows saw only the first 300.
        List<String> zips = new ArrayList<>();
        double[] weights = new double[400];
        for (int i = 0; i < 400; i++) {
            zips.add("z" + i);
            weights[i] = 1.0 / 400;
        }
        FieldModel zip = new FieldModel("zip", FieldType.STRING, null, 0, null, new CategoricalMarginal(zips, weights, 0), 0);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            rows.add(row("zip", "z" + (i % 300), "city", "c" + (i % 300) / 10));
        }

        assertThat(DependencyFinder.find(List.of(zip, learned(rows, "city").get(0)), rows)).isEmpty();
    }
}
