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

    private static FieldModel text(String name) {
        return new FieldModel(name, FieldType.STRING, null, 0, null, new CategoricalMarginal(List.of("x"), new double[] {1}, 0), 0);
    }

    private static FieldModel number(String name) {
        return new FieldModel(name, FieldType.LONG, null, 0, new NumericMarginal(new double[] {0}, new double[] {1}), null, 0);
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

        List<Dependency> found = DependencyFinder.find(List.of(text("zip"), text("city"), number("noise")), rows);

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

        List<Dependency> found = DependencyFinder.find(List.of(text("origin"), text("destination"), number("distance")), rows);

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

        List<Dependency> found = DependencyFinder.find(List.of(text("opponent"), text("team")), rows);

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

        assertThat(DependencyFinder.find(List.of(text("a"), text("b"), number("n")), rows)).isEmpty();
    }

    @Test
    void nearlyUniqueValuesDetermineNothingBecauseNoValueRepeatsEnough() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            rows.add(row("id", "id" + i, "colour", i % 2 == 0 ? "red" : "blue"));
        }

        assertThat(DependencyFinder.find(List.of(text("id"), text("colour")), rows)).isEmpty();
    }
}
