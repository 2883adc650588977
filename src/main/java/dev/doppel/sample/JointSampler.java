package dev.doppel.sample;

import dev.doppel.model.CopulaFitter;
import dev.doppel.model.Dependency;
import dev.doppel.model.FieldModel;
import dev.doppel.model.FieldScale;
import dev.doppel.model.GaussianCopula;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.model.StateCopula;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Draws whole rows from a model's joint part: dependency tables first, then the Gaussian copula
 * conditioned on every value already fixed, then the fields outside both from their marginals.
 *
 * <p>A dependency's fields are drawn together from its table of seen combinations, by count, among
 * the combinations that agree with the values already fixed (given, or drawn from an earlier table);
 * when none agrees, its fields are left to the copula. So a route never gets a distance it never had,
 * and the determinants' joint distribution is the one of the sampled rows, raked to the fields'
 * sketched marginals ({@link Table#rake}), not the copula's approximation of it.
 *
 * <p>The copula then draws the remaining fields' normal scores from the conditional normal given the
 * scores of the fixed ones (each fixed value's score drawn uniformly within its interval):
 * {@code z_free | z_fixed ~ N(S_fx S_xx^-1 z_fixed, S_ff - S_fx S_xx^-1 S_xf)}; the regression matrix and
 * the conditional covariance's Cholesky factor are computed once per set of fixed fields.
 *
 * <p>Where the given values hold a state of the state field that has a copula of its own
 * ({@link StateCopula}), the fields it covers are drawn from it instead, conditioned the same way on
 * the other given fields (an entity's attributes) through their positions in the state's
 * distributions; the global copula only fills what is left.
 */
final class JointSampler {

    private static final int MAX_CACHED_CONDITIONALS = 256;
    /** Rounds of raking a table's weights to the fields' marginals; a few suffice for two or three fields. */
    private static final int RAKING_ITERATIONS = 30;

    private final List<FieldModel> fields;
    private final Map<String, FieldScale> scales = new HashMap<>();
    private final GaussianCopula copula;
    private final double[][] correlation;
    private final List<Table> tables = new ArrayList<>();
    private final Map<BitSet, ConditionalNormal> conditionals = new HashMap<>();
    private final UniformRandomProvider random;
    private final NormalizedGaussianSampler gaussian;
    /** Per state with a copula of its own, that copula and its conditionals. */
    private final Map<String, StateDraw> states = new HashMap<>();
    private final String stateField;

    JointSampler(ModelSnapshot model, UniformRandomProvider random) {
        this.fields = model.fields();
        this.random = random;
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(random);
        for (FieldModel field : fields) {
            scales.put(field.name(), new FieldScale(field));
        }
        this.copula = model.copula();
        this.correlation = copula == null ? new double[0][0] : copula.correlation();
        for (Dependency dependency : model.dependencies()) {
            tables.add(new Table(dependency, scales, random));
        }
        for (StateCopula stateCopula : model.stateCopulas()) {
            states.put(stateCopula.state(), new StateDraw(stateCopula));
        }
        this.stateField = model.stateCopulas().isEmpty() ? null : model.stateCopulas().get(0).stateField();
    }

    /** One row in the model's field order; {@code given} values are kept, and fields the model does not know are appended. */
    Map<String, Object> next(Map<String, Object> given, IndependentSampler independent) {
        Map<String, Object> fixed = new HashMap<>(given);
        // The copula is conditioned on the given fields and on one field per table: a table's other
        // fields are functions of it, and conditioning on nearly collinear scores drawn within their
        // own intervals (not with the copula's correlation) inflates the free fields' variance and
        // bends their marginals (measured: storm names' TVD doubled).
        java.util.Set<String> conditioning = new java.util.HashSet<>(given.keySet());
        for (Table table : tables) {
            if (table.draw(fixed, random)) {
                conditioning.add(table.fields.get(0));
            }
        }
        Object state = stateField == null ? null : given.get(stateField);
        StateDraw stateDraw = state == null ? null : states.get(state.toString());
        if (stateDraw != null) {
            drawStateCopula(fixed, conditioning, stateDraw);
        }
        if (copula != null) {
            drawCopula(fixed, conditioning);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldModel field : fields) {
            String name = field.name();
            row.put(name, fixed.containsKey(name) ? fixed.get(name) : independent.sample(name));
        }
        for (Map.Entry<String, Object> value : given.entrySet()) {
            row.putIfAbsent(value.getKey(), value.getValue());
        }
        return row;
    }

    /** Samples the copula's fields that are not fixed yet, given the ones that are, into {@code fixed}. */
    private void drawCopula(Map<String, Object> fixed, java.util.Set<String> conditioning) {
        List<String> names = copula.fields();
        int d = names.size();
        BitSet known = new BitSet(d);
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            String name = names.get(i);
            if (conditioning.contains(name) && fixed.containsKey(name)) {
                double[] interval = scales.get(name).interval(fixed.get(name));
                if (interval != null && interval[1] > interval[0]) {
                    known.set(i);
                    z[i] = CopulaFitter.normalScore(interval[0] + (interval[1] - interval[0]) * random.nextDouble());
                }
            }
        }
        ConditionalNormal conditional = conditionals.get(known);
        if (conditional == null) {
            conditional = new ConditionalNormal(correlation, known);
            if (conditionals.size() < MAX_CACHED_CONDITIONALS) {
                conditionals.put((BitSet) known.clone(), conditional);
            }
        }
        conditional.draw(z, gaussian);
        for (int f = 0; f < conditional.free.length; f++) {
            int i = conditional.free[f];
            String name = names.get(i);
            if (!fixed.containsKey(name)) {
                fixed.put(name, scales.get(name).value(CopulaFitter.uniform(z[i])));
            }
        }
    }

    /** Samples the state copula's fields that are not fixed yet, given the ones that are, into {@code fixed}. */
    private void drawStateCopula(Map<String, Object> fixed, java.util.Set<String> conditioning, StateDraw state) {
        StateCopula copula = state.copula;
        List<String> names = copula.fields();
        int d = names.size();
        BitSet known = new BitSet(d);
        double[] u = new double[d];
        for (int i = 0; i < d; i++) {
            String name = names.get(i);
            // A field constant in this state has no spread to condition on: it is drawn at its one score.
            if (copula.varies(i) && conditioning.contains(name) && fixed.containsKey(name)) {
                double[] interval = scales.get(name).interval(fixed.get(name));
                if (interval != null && interval[1] > interval[0]) {
                    known.set(i);
                    double score = CopulaFitter.normalScore(interval[0] + (interval[1] - interval[0]) * random.nextDouble());
                    u[i] = CopulaFitter.normalScore(copula.position(i, score));
                }
            }
        }
        ConditionalNormal conditional = state.conditionals.get(known);
        if (conditional == null) {
            conditional = new ConditionalNormal(state.correlation, known);
            if (state.conditionals.size() < MAX_CACHED_CONDITIONALS) {
                state.conditionals.put((BitSet) known.clone(), conditional);
            }
        }
        conditional.draw(u, gaussian);
        for (int i : conditional.free) {
            String name = names.get(i);
            if (!fixed.containsKey(name)) {
                double score = copula.score(i, CopulaFitter.uniform(u[i]));
                fixed.put(name, scales.get(name).value(CopulaFitter.uniform(score)));
            }
        }
    }

    /** One state's copula, its matrix unpacked once, and its conditionals by set of known fields. */
    private static final class StateDraw {
        final StateCopula copula;
        final double[][] correlation;
        final Map<BitSet, ConditionalNormal> conditionals = new HashMap<>();

        StateDraw(StateCopula copula) {
            this.copula = copula;
            this.correlation = copula.correlation();
        }
    }

    /** Draws a field from its marginal alone: for fields outside the copula and the tables. */
    interface IndependentSampler {
        Object sample(String field);
    }

    /** One dependency's table, with an alias sampler over all its combinations for the common unconstrained draw. */
    private static final class Table {
        final List<String> fields;
        final List<Dependency.Combination> combinations;
        final DiscreteSampler all;

        final double[] weights;

        Table(Dependency dependency, Map<String, FieldScale> scales, UniformRandomProvider random) {
            this.fields = dependency.fields();
            this.combinations = dependency.combinations();
            this.weights = rake(combinations, fields, dependency.determinants().size(), scales);
            this.all = AliasMethodDiscreteSampler.of(random, weights);
        }

        /**
         * The combinations' sampling weights: their counts in the sampled rows, raked (iterative
         * proportional fitting, Deming and Stephan 1940) so that each field's weighted distribution
         * matches its marginal in the model, which comes from the sketches over every event rather
         * than from a sample of 10,000 rows. Values are grouped by their interval of the field's
         * scale (a category, a step of a number's quantile function, the nulls); combinations never
         * seen keep weight 0, so the support stays the source's.
         */
        static double[] rake(List<Dependency.Combination> combinations, List<String> fields, int determinants,
                             Map<String, FieldScale> scales) {
            int n = combinations.size();
            double[] weights = new double[n];
            for (int c = 0; c < n; c++) {
                weights[c] = combinations.get(c).count();
            }
            // For each field: the interval (by its lower end) each combination's value falls in, and that interval's share.
            List<double[]> lowers = new ArrayList<>();
            List<Map<Double, Double>> targets = new ArrayList<>();
            // Dependents first, determinants last: where the margins cannot all be met (a value the
            // sample lacks), each round ends closest to the determinants' marginals.
            List<Integer> order = new ArrayList<>();
            for (int f = determinants; f < fields.size(); f++) {
                order.add(f);
            }
            for (int f = 0; f < determinants; f++) {
                order.add(f);
            }
            for (int f : order) {
                FieldScale scale = scales.get(fields.get(f));
                if (scale == null) {
                    continue;
                }
                double[] lower = new double[n];
                Map<Double, Double> target = new HashMap<>();
                boolean placeable = true;
                for (int c = 0; c < n && placeable; c++) {
                    double[] interval = scale.interval(combinations.get(c).values().get(f));
                    if (interval == null) {
                        placeable = false;
                    } else {
                        lower[c] = interval[0];
                        target.put(interval[0], interval[1] - interval[0]);
                    }
                }
                if (placeable) {
                    lowers.add(lower);
                    targets.add(target);
                }
            }
            for (int iteration = 0; iteration < RAKING_ITERATIONS; iteration++) {
                for (int f = 0; f < lowers.size(); f++) {
                    double[] lower = lowers.get(f);
                    Map<Double, Double> current = new HashMap<>();
                    double total = 0;
                    for (int c = 0; c < n; c++) {
                        current.merge(lower[c], weights[c], Double::sum);
                        total += weights[c];
                    }
                    // Shares of the intervals the table has, renormalised: intervals it lacks cannot be matched.
                    double targetTotal = 0;
                    for (Double interval : current.keySet()) {
                        targetTotal += targets.get(f).get(interval);
                    }
                    if (targetTotal <= 0) {
                        continue;
                    }
                    for (int c = 0; c < n; c++) {
                        double share = current.get(lower[c]) / total;
                        double wanted = targets.get(f).get(lower[c]) / targetTotal;
                        if (share > 0) {
                            weights[c] *= wanted / share;
                        }
                    }
                }
            }
            return weights;
        }

        /** Draws a combination agreeing with {@code fixed}, by weight, and fixes its values; false (nothing drawn) when none agrees. */
        boolean draw(Map<String, Object> fixed, UniformRandomProvider random) {
            boolean constrained = false;
            for (String field : fields) {
                constrained |= fixed.containsKey(field);
            }
            Dependency.Combination chosen;
            if (!constrained) {
                chosen = combinations.get(all.sample());
            } else {
                chosen = null;
                double total = 0;
                int index = 0;
                for (Dependency.Combination combination : combinations) {
                    if (agrees(combination, fixed)) {
                        // Weighted reservoir of one: each agreeing combination wins with probability weight / total.
                        double weight = weights[index];
                        total += weight;
                        if (weight > 0 && random.nextDouble() * total < weight) {
                            chosen = combination;
                        }
                    }
                    index++;
                }
                if (chosen == null) {
                    return false;
                }
            }
            for (int i = 0; i < fields.size(); i++) {
                fixed.putIfAbsent(fields.get(i), chosen.values().get(i));
            }
            return true;
        }

        private boolean agrees(Dependency.Combination combination, Map<String, Object> fixed) {
            for (int i = 0; i < fields.size(); i++) {
                String field = fields.get(i);
                if (fixed.containsKey(field) && !java.util.Objects.equals(fixed.get(field), combination.values().get(i))) {
                    return false;
                }
            }
            return true;
        }
    }
}
