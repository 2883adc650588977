package dev.doppel.sample;

import dev.doppel.model.CopulaFitter;
import dev.doppel.model.EntityCopula;
import dev.doppel.model.FieldModel;
import dev.doppel.model.FieldScale;
import dev.doppel.model.ModelSnapshot;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Draws a synthetic entity's attributes and the rank of its length together from the model's
 * {@link EntityCopula}, given the state it starts in and the hour of day it starts: each known
 * column's value is placed in its distribution over entities (a tie at a random point of its share),
 * turned into a normal score, and the other columns' scores are drawn from the conditional normal
 * ({@link ConditionalNormal}); each attribute is then read back through its quantiles over entities
 * and the field's global marginal. The length's rank stays a rank: the chain turns it into a length
 * of its own ({@link ChainBridge#lengthAt}). Not thread-safe.
 */
final class EntityAttributeSampler {

    private final EntityCopula copula;
    private final FieldScale[] scales;
    private final double[][] correlation;
    private final Map<BitSet, ConditionalNormal> conditionals = new HashMap<>();
    private final UniformRandomProvider random;
    private final NormalizedGaussianSampler gaussian;
    /** Keeps a known column's position off 0 and 1 by half an entity, where the normal score runs off. */
    private final double edge;

    /** A synthetic entity's attributes by field, and the rank in [0, 1) of its length among entities. */
    record Draw(Map<String, Object> attributes, double lengthRank) {
    }

    EntityAttributeSampler(ModelSnapshot model, EntityCopula copula, UniformRandomProvider random) {
        this.copula = copula;
        this.random = random;
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(random);
        this.correlation = copula.correlation();
        this.scales = new FieldScale[copula.fieldColumns()];
        for (int i = 0; i < scales.length; i++) {
            FieldModel field = model.field(copula.columns().get(i));
            if (field == null) {
                throw new IllegalArgumentException("the entity copula's column " + copula.columns().get(i) + " is not a field of the model");
            }
            scales[i] = new FieldScale(field);
        }
        this.edge = 0.5 / Math.max(1, copula.entities());
    }

    /** The attributes and length rank of an entity starting in {@code startState} at {@code startHour} (UTC). */
    Draw draw(Object startState, double startHour) {
        int d = copula.columns().size();
        int stateColumn = copula.fieldColumns() - 1;
        BitSet known = new BitSet(d);
        double[] z = new double[d];
        if (copula.varies(stateColumn)) {
            double[] interval = scales[stateColumn].interval(startState);
            if (interval != null && interval[1] > interval[0]) {
                double score = CopulaFitter.normalScore(interval[0] + (interval[1] - interval[0]) * random.nextDouble());
                z[stateColumn] = score(copula.position(stateColumn, score, random.nextDouble()));
                known.set(stateColumn);
            }
        }
        // An hour no source entity started in (storms start on a 6-hour grid; the generator's clock
        // does not) beyond the first or last one says nothing: conditioning on it would put the
        // entity at an extreme of the source's hours.
        if (copula.varies(d - 1) && startHour >= copula.at(d - 1, 0) && startHour <= copula.at(d - 1, 1)) {
            z[d - 1] = score(copula.position(d - 1, startHour, random.nextDouble()));
            known.set(d - 1);
        }
        ConditionalNormal conditional = conditionals.computeIfAbsent((BitSet) known.clone(), k -> new ConditionalNormal(correlation, k));
        conditional.draw(z, gaussian);
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < stateColumn; i++) {
            double score = copula.at(i, CopulaFitter.uniform(z[i]));
            attributes.put(copula.columns().get(i), scales[i].value(CopulaFitter.uniform(score)));
        }
        return new Draw(attributes, CopulaFitter.uniform(z[d - 2]));
    }

    private double score(double position) {
        return CopulaFitter.normalScore(Math.max(edge, Math.min(1 - edge, position)));
    }
}
