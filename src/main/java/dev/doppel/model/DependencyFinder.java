package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds {@link Dependency dependencies} among sampled rows.
 *
 * <p>Functional: {@code X -> Y} for a field or a pair of fields X when the rows whose X value repeats
 * (at least {@link #MIN_SUPPORT_SHARE} of the rows, and {@link #MIN_SUPPORT_ROWS}) agree with their
 * X value's most common Y in at least {@link #MIN_AGREEMENT} of cases. Pairs are tried only for a Y no
 * single field determines. Associated: two text or boolean fields of at most
 * {@link #MAX_ASSOCIATED_VALUES} values each whose bias-corrected Cramer's V (Bergsma 2013) is at least
 * {@link #MIN_CRAMERS_V}.
 *
 * <p>A table is kept only if its determinants' values cover {@link #MIN_COVERAGE} of their
 * marginals. Each field ends up in at most one dependency, so the generator can draw each table on its own:
 * functional ones first (single determinants before pairs, the best supported first; dependents of
 * the same determinants join one table), then associations, strongest first.
 */
public final class DependencyFinder {

    public static final double MIN_AGREEMENT = 0.99;
    public static final double MIN_SUPPORT_SHARE = 0.5;
    public static final int MIN_SUPPORT_ROWS = 30;
    public static final double MIN_CRAMERS_V = 0.5;
    public static final int MAX_ASSOCIATED_VALUES = 200;
    /**
     * Share of each determinant's marginal (as the sketches learned it) that a table's values must
     * cover: a table drawn from misses the values it lacks, so a sample too small for a field with
     * many values (an entity id seen in a few rows each) would distort that field's distribution.
     */
    public static final double MIN_COVERAGE = 0.99;
    /** Rows looked at to find dependencies (the first of the sample are a sample too); tables use all. */
    public static final int MAX_SEARCH_ROWS = 5_000;

    private DependencyFinder() {
    }

    private record Candidate(Dependency.Kind kind, List<Integer> determinants, int dependent, double strength, int support) {
    }

    /** The dependencies among {@code fields} in {@code rows}; identifier-like fields must already be left out. */
    public static List<Dependency> find(List<FieldModel> fields, List<Row> rows) {
        int d = fields.size();
        if (rows.size() < MIN_SUPPORT_ROWS || d < 2) {
            return List.of();
        }
        List<Row> search = rows.subList(0, Math.min(rows.size(), MAX_SEARCH_ROWS));
        int n = search.size();
        int[][] codes = new int[d][];
        int[] distinct = new int[d];
        for (int f = 0; f < d; f++) {
            Map<Object, Integer> dictionary = new HashMap<>();
            codes[f] = new int[n];
            for (int r = 0; r < n; r++) {
                Object value = search.get(r).get(fields.get(f).name());
                codes[f][r] = dictionary.computeIfAbsent(value == null ? NULL : value, v -> dictionary.size());
            }
            distinct[f] = dictionary.size();
        }
        List<Candidate> candidates = new ArrayList<>();
        boolean[][] singleDetermines = new boolean[d][d];
        for (int x = 0; x < d; x++) {
            if (distinct[x] < 2 || distinct[x] > n * (1 - MIN_SUPPORT_SHARE)) {
                continue;
            }
            for (int y = 0; y < d; y++) {
                if (y == x || distinct[y] < 2) {
                    continue;
                }
                Candidate candidate = functional(List.of(x), codes[x], distinct[x], codes[y], y, n);
                if (candidate != null) {
                    candidates.add(candidate);
                    singleDetermines[x][y] = true;
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                if (distinct[a] < 2 || distinct[b] < 2 || singleDetermines[a][b] || singleDetermines[b][a]) {
                    continue;
                }
                int[] pair = new int[n];
                int pairs = pairCodes(codes[a], codes[b], pair);
                if (pairs > n * (1 - MIN_SUPPORT_SHARE)) {
                    continue;
                }
                for (int y = 0; y < d; y++) {
                    if (y == a || y == b || distinct[y] < 2 || singleDetermines[a][y] || singleDetermines[b][y]) {
                        continue;
                    }
                    Candidate candidate = functional(List.of(a, b), pair, pairs, codes[y], y, n);
                    if (candidate != null) {
                        candidates.add(candidate);
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingInt((Candidate c) -> c.determinants().size())
                .thenComparing(Comparator.comparingInt(Candidate::support).reversed())
                .thenComparing(Comparator.comparingDouble(Candidate::strength).reversed()));
        List<Candidate> associations = new ArrayList<>();
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                if (categorical(fields.get(a)) && categorical(fields.get(b)) && distinct[a] >= 2 && distinct[b] >= 2
                        && distinct[a] <= MAX_ASSOCIATED_VALUES && distinct[b] <= MAX_ASSOCIATED_VALUES) {
                    double v = cramersV(codes[a], distinct[a], codes[b], distinct[b], n);
                    if (v >= MIN_CRAMERS_V) {
                        // The field with more values conditions the one with fewer.
                        boolean aFirst = distinct[a] >= distinct[b];
                        associations.add(new Candidate(Dependency.Kind.ASSOCIATED, List.of(aFirst ? a : b), aFirst ? b : a, v, n));
                    }
                }
            }
        }
        associations.sort(Comparator.comparingDouble(Candidate::strength).reversed());
        candidates.addAll(associations);
        return select(candidates, fields, rows);
    }

    private static final Object NULL = new Object();

    private static boolean categorical(FieldModel field) {
        return field.type() == FieldType.STRING || field.type() == FieldType.BOOLEAN;
    }

    /** Codes of the (a, b) pairs into {@code out}; returns how many distinct pairs. */
    private static int pairCodes(int[] a, int[] b, int[] out) {
        Map<Long, Integer> dictionary = new HashMap<>();
        for (int r = 0; r < a.length; r++) {
            long key = ((long) a[r] << 32) | b[r];
            out[r] = dictionary.computeIfAbsent(key, k -> dictionary.size());
        }
        return dictionary.size();
    }

    private static Candidate functional(List<Integer> determinants, int[] x, int xDistinct, int[] y, int dependent, int n) {
        if (!plausiblyFunctional(x, xDistinct, y, n)) {
            return null;
        }
        int[] groupSize = new int[xDistinct];
        for (int r = 0; r < n; r++) {
            groupSize[x[r]]++;
        }
        // Count (x, y) pairs by sorting their packed keys: no boxing.
        long[] keys = new long[n];
        for (int r = 0; r < n; r++) {
            keys[r] = ((long) x[r] << 32) | y[r];
        }
        Arrays.sort(keys);
        int[] mode = new int[xDistinct];
        int run = 0;
        for (int r = 0; r < n; r++) {
            run = r > 0 && keys[r] == keys[r - 1] ? run + 1 : 1;
            int group = (int) (keys[r] >>> 32);
            mode[group] = Math.max(mode[group], run);
        }
        int support = 0;
        int agreeing = 0;
        for (int g = 0; g < xDistinct; g++) {
            if (groupSize[g] >= 2) {
                support += groupSize[g];
                agreeing += mode[g];
            }
        }
        if (support < MIN_SUPPORT_ROWS || support < MIN_SUPPORT_SHARE * n) {
            return null;
        }
        double agreement = (double) agreeing / support;
        return agreement >= MIN_AGREEMENT ? new Candidate(Dependency.Kind.FUNCTIONAL, determinants, dependent, agreement, support) : null;
    }

    /**
     * A quick pass that rejects most candidates after a few rows: counts rows whose y differs from
     * the first y seen with their x, and gives up once they pass a tenth of the rows. (A function
     * holding for 99% of rows disagrees with a group's first row far less, unless the first rows
     * happen to be the exceptions.)
     */
    private static boolean plausiblyFunctional(int[] x, int xDistinct, int[] y, int n) {
        int[] first = new int[xDistinct];
        java.util.Arrays.fill(first, -1);
        int mismatches = 0;
        int limit = n / 10;
        for (int r = 0; r < n; r++) {
            int group = x[r];
            if (first[group] < 0) {
                first[group] = y[r];
            } else if (first[group] != y[r] && ++mismatches > limit) {
                return false;
            }
        }
        return true;
    }

    /** Bias-corrected Cramer's V of two coded columns (Bergsma 2013). */
    static double cramersV(int[] a, int aDistinct, int[] b, int bDistinct, int n) {
        long[][] table = new long[aDistinct][bDistinct];
        long[] rowTotals = new long[aDistinct];
        long[] columnTotals = new long[bDistinct];
        for (int r = 0; r < n; r++) {
            table[a[r]][b[r]]++;
            rowTotals[a[r]]++;
            columnTotals[b[r]]++;
        }
        double chi2 = 0;
        for (int i = 0; i < aDistinct; i++) {
            for (int j = 0; j < bDistinct; j++) {
                double expected = (double) rowTotals[i] * columnTotals[j] / n;
                double diff = table[i][j] - expected;
                chi2 += diff * diff / expected;
            }
        }
        double phi2 = chi2 / n;
        double k = aDistinct;
        double m = bDistinct;
        double phi2Corrected = Math.max(0, phi2 - (k - 1) * (m - 1) / (n - 1.0));
        double kCorrected = k - (k - 1) * (k - 1) / (n - 1.0);
        double mCorrected = m - (m - 1) * (m - 1) / (n - 1.0);
        double denominator = Math.min(kCorrected - 1, mCorrected - 1);
        return denominator <= 0 ? 0 : Math.sqrt(phi2Corrected / denominator);
    }

    /** Keeps each field in at most one dependency, then counts each table's combinations over all rows. */
    private static List<Dependency> select(List<Candidate> candidates, List<FieldModel> fields, List<Row> rows) {
        Set<Integer> used = new HashSet<>();
        Map<List<Integer>, List<Candidate>> chosen = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            List<Candidate> sameDeterminants = chosen.get(candidate.determinants());
            if (used.contains(candidate.dependent())) {
                continue;
            }
            if (sameDeterminants != null && sameDeterminants.get(0).kind() == candidate.kind()) {
                sameDeterminants.add(candidate);
                used.add(candidate.dependent());
                continue;
            }
            if (candidate.determinants().stream().anyMatch(used::contains)) {
                continue;
            }
            List<Candidate> group = new ArrayList<>();
            group.add(candidate);
            chosen.put(candidate.determinants(), group);
            used.addAll(candidate.determinants());
            used.add(candidate.dependent());
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (Map.Entry<List<Integer>, List<Candidate>> entry : chosen.entrySet()) {
            List<String> determinants = entry.getKey().stream().map(i -> fields.get(i).name()).toList();
            List<String> dependents = entry.getValue().stream().map(c -> fields.get(c.dependent()).name()).toList();
            double strength = entry.getValue().stream().mapToDouble(Candidate::strength).min().orElseThrow();
            List<Dependency.Combination> combinations = combinations(determinants, dependents, rows);
            boolean covered = true;
            for (int d = 0; d < determinants.size(); d++) {
                covered &= coverage(new FieldScale(fields.get(entry.getKey().get(d))), combinations, d) >= MIN_COVERAGE;
            }
            if (covered) {
                dependencies.add(new Dependency(entry.getValue().get(0).kind(), determinants, dependents, strength, combinations));
            }
        }
        return dependencies;
    }

    /** The dependencies whose tables still cover {@link #MIN_COVERAGE} of each determinant's marginal in {@code fields}. */
    public static List<Dependency> covering(List<Dependency> dependencies, List<FieldModel> fields) {
        Map<String, FieldModel> byName = new HashMap<>();
        fields.forEach(field -> byName.put(field.name(), field));
        List<Dependency> covering = new ArrayList<>();
        for (Dependency dependency : dependencies) {
            boolean covered = true;
            for (int d = 0; d < dependency.determinants().size() && covered; d++) {
                FieldModel field = byName.get(dependency.determinants().get(d));
                covered = field != null && coverage(new FieldScale(field), dependency.combinations(), d) >= MIN_COVERAGE;
            }
            if (covered) {
                covering.add(dependency);
            }
        }
        return covering;
    }

    /** The share of the field's marginal taken by the intervals of the values at {@code position} in the combinations. */
    static double coverage(FieldScale scale, List<Dependency.Combination> combinations, int position) {
        Map<Double, Double> intervals = new HashMap<>();
        for (Dependency.Combination combination : combinations) {
            double[] interval = scale.interval(combination.values().get(position));
            if (interval != null) {
                intervals.put(interval[0], interval[1] - interval[0]);
            }
        }
        return intervals.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<Dependency.Combination> combinations(List<String> determinants, List<String> dependents, List<Row> rows) {
        Map<List<Object>, Long> counts = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Object> values = new ArrayList<>(determinants.size() + dependents.size());
            determinants.forEach(name -> values.add(row.get(name)));
            dependents.forEach(name -> values.add(row.get(name)));
            counts.merge(values, 1L, Long::sum);
        }
        List<Dependency.Combination> combinations = new ArrayList<>(counts.size());
        counts.forEach((values, count) -> combinations.add(new Dependency.Combination(values, count)));
        return combinations;
    }
}
