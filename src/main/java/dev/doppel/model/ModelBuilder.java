package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.errors.BadInputException;
import dev.doppel.profile.FieldRole;
import dev.doppel.profile.ProfileConfig;
import dev.doppel.profile.RoleInference;
import dev.doppel.stats.FieldStats;
import dev.doppel.stats.RateStats;
import dev.doppel.stats.RowReservoir;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * Turns merged statistics into a {@link ModelSnapshot}: each field gets the type most of its values
 * had, its null rate, its role (from the profile file if it sets one, else inferred by
 * {@link RoleInference}) and its marginal distribution. Fields with a synthesized role (identifier,
 * entity key, text) get an {@link IdentifierShape} instead of a marginal: none of their real values
 * enter the model. The record key gets a shape too. Then the joint model over the sampled rows of the
 * statistics' reservoir: a Gaussian copula ({@link CopulaFitter}) and dependencies
 * ({@link DependencyFinder}); synthesized fields stay out of both.
 */
public final class ModelBuilder {

    /** The reason given to a role set in a profile file. */
    public static final String FROM_PROFILE = "set in the profile file";
    /** Share of events whose value must match the record timestamp for a field to be the event time. */
    public static final double TIME_FIELD_SHARE = 0.99;
    /** The joint model is fitted again once the reservoir has been offered this many times more rows. */
    public static final double JOINT_REFIT_GROWTH = 1.25;

    private final Clock clock;
    private final ProfileConfig profile;
    private final Windowing windowing;
    private JointFit lastJoint;
    private EntityFit lastEntities;
    private HorizonFit lastHorizon;

    /** A fitted joint model, with what it was fitted on: refitting it at every window report would cost the learner more than the windows. */
    private record JointFit(long offered, List<String> fields, String stateField, GaussianCopula copula, List<Dependency> dependencies,
                            List<StateCopula> stateCopulas) {
    }

    /** A fitted entity copula, with the ended entities offered and the columns it was fitted on: refitted as the joint model is. */
    private record EntityFit(long offered, List<String> attributes, String stateField, EntityCopula copula) {
    }

    /** A joint part and entity copula fitted over a horizon, with the panes (by start) they were fitted on. */
    private record HorizonFit(List<Long> starts, JointFit joint, EntityCopula entityCopula) {
    }

    /** A builder for statistics of tumbling windows, inferring the event-time field and every role. */
    public ModelBuilder(Clock clock) {
        this(clock, null, ProfileConfig.NONE);
    }

    /** A builder whose models take the roles {@code profile} sets over the inferred ones. */
    public ModelBuilder(Clock clock, ProfileConfig profile) {
        this(clock, null, profile);
    }

    /** A builder recording {@code windowing} (null: tumbling windows of the statistics' window size). */
    public ModelBuilder(Clock clock, Windowing windowing) {
        this(clock, windowing, ProfileConfig.NONE);
    }

    public ModelBuilder(Clock clock, Windowing windowing, ProfileConfig profile) {
        this.clock = clock;
        this.windowing = windowing;
        this.profile = profile;
    }

    public ModelSnapshot build(TopicStats stats) {
        List<FieldModel> fields = new ArrayList<>();
        for (FieldStats field : stats.fields().values()) {
            fields.add(fieldModel(field, profile.roleOf(field.name())));
        }
        SequenceModel sequences = SequenceModelBuilder.build(stats, fields);
        if (sequences != null) {
            fields = withSequenceRoles(fields, sequences);
            sequences = sequences.withEntityCopula(entityCopula(stats, fields, sequences));
        }
        JointFit joint = joint(stats, fields, sequences == null ? null : sequences.stateField());
        return new ModelSnapshot(stats.sourceTopic(), stats.valueFormat(), stats.valueSchema(), clock.millis(), stats.windowSizeMs(), stats.windowReports(),
                stats.events(), stats.minTimestamp(), stats.maxTimestamp(), stats.timeline(), fields, keyModel(stats.key()),
                keyField(stats.keyField(), fields), joint.copula(), joint.dependencies(), sequences,
                rateModel(stats, timeFieldFromProfile(windowing != null ? windowing : Windowing.tumbling(stats.windowSizeMs()))),
                joint.stateCopulas(), stats.keySchema(), keyFields(stats, fields));
    }

    /**
     * The fields of record keys: each made up, taking the made-up value of the value field it always
     * equalled where that field is synthesized, else in its own shape.
     */
    private static List<KeyFieldModel> keyFields(TopicStats stats, List<FieldModel> fields) {
        List<KeyFieldModel> keyFields = new ArrayList<>();
        for (FieldStats keyField : stats.keyFields().values()) {
            keyFields.add(new KeyFieldModel(keyModel(keyField), keyField(stats.valueFieldOfKeyField(keyField.name()), fields)));
        }
        return keyFields;
    }

    /**
     * {@code fields} with the sequence learner's roles: the state field plays {@link FieldRole#STATE},
     * the entity attributes {@link FieldRole#ENTITY_ATTRIBUTE}; fields made up, or whose role the
     * profile set, keep theirs. Sampling does not change with these roles (the sequence model drives
     * it); they say what each field does.
     */
    private static List<FieldModel> withSequenceRoles(List<FieldModel> fields, SequenceModel sequences) {
        List<FieldModel> roled = new ArrayList<>();
        for (FieldModel field : fields) {
            FieldRole role = field.name().equals(sequences.stateField()) ? FieldRole.STATE
                    : sequences.attributes().contains(field.name()) ? FieldRole.ENTITY_ATTRIBUTE : null;
            boolean keep = role == null || field.role().synthesized() || FROM_PROFILE.equals(field.roleReason()) || !role.fits(field.type());
            roled.add(keep ? field : field.withRole(role, role == FieldRole.STATE
                    ? "the state of each " + entityName(sequences) + ": changes follow the learned chain"
                    : "constant within each " + entityName(sequences) + ": drawn once per synthetic entity", field.shape()));
        }
        return roled;
    }

    /**
     * The copula of the attributes with the entities' start state, length and start hour, or null if
     * there are no attributes or too few entities; the previous one while the sample of ended entities
     * has been offered less than {@link #JOINT_REFIT_GROWTH} times the entities its correlation was
     * estimated on (its quantiles are always read from the current sample).
     */
    private synchronized EntityCopula entityCopula(TopicStats stats, List<FieldModel> fields, SequenceModel sequences) {
        if (sequences.attributes().isEmpty()) {
            return null;
        }
        List<String> joining = fields.stream()
                .filter(field -> sequences.attributes().contains(field.name()) && CopulaFitter.joins(field))
                .map(FieldModel::name).toList();
        // Keyed, as the joint fit is, by the attributes that join: one made up since is left out.
        long offered = stats.sequences().endedEntities().offered();
        List<Row> entities = stats.sequences().endedEntities().rows();
        if (lastEntities != null && lastEntities.copula() != null && lastEntities.attributes().equals(joining)
                && lastEntities.stateField().equals(sequences.stateField())
                && offered >= lastEntities.offered() && offered < lastEntities.offered() * JOINT_REFIT_GROWTH) {
            // The columns' distributions are read afresh (entities of a time-ordered source come in
            // year by year, and a stale copula would never write the newest years); the correlation is kept.
            return fitEntityCopula(fields, sequences, entities, lastEntities.copula().correlation());
        }
        EntityCopula copula = fitEntityCopula(fields, sequences, entities, null);
        lastEntities = new EntityFit(offered, joining, sequences.stateField(), copula);
        return copula;
    }

    /** The entity copula of {@code sequences}' attributes over {@code entities} (a sample of ended entities), with {@code correlation} if not null. */
    private static EntityCopula fitEntityCopula(List<FieldModel> fields, SequenceModel sequences, List<Row> entities, double[][] correlation) {
        List<FieldModel> attributes = new ArrayList<>();
        FieldModel stateField = null;
        for (FieldModel field : fields) {
            if (sequences.attributes().contains(field.name())) {
                attributes.add(field);
            } else if (field.name().equals(sequences.stateField())) {
                stateField = field;
            }
        }
        return CopulaFitter.fitEntities(attributes, stateField, sequences.eventsPerEntity(), entities, correlation);
    }

    private static String entityName(SequenceModel sequences) {
        return sequences.keyField() != null ? sequences.keyField() : "record key";
    }

    /** {@code windowing} with the event-time field the profile file names, if it names one and no option did. */
    private Windowing timeFieldFromProfile(Windowing windowing) {
        if (windowing.timeField() != null) {
            return windowing;
        }
        String named = profile.fieldWithRole(FieldRole.EVENT_TIME);
        return named == null ? windowing : new Windowing(windowing.windowMs(), windowing.advanceMs(), windowing.horizon(), named);
    }

    /**
     * The copula, dependencies and per-state copulas (if there is a state field) over the reservoir's rows; the previous ones while the reservoir
     * has grown by less than {@link #JOINT_REFIT_GROWTH} and the joining fields are the same (a few dozen
     * fits over a topic's whole history instead of one per window report).
     */
    private synchronized JointFit joint(TopicStats stats, List<FieldModel> fields, String stateField) {
        long offered = stats.reservoir().offered();
        // Keyed by the fields that join, not all fields: a field whose role changes to a made-up one
        // (a key field that looked categorical over the first few windows) must leave the copulas,
        // whose sampling would otherwise read a marginal the field no longer has.
        List<String> names = fields.stream().filter(CopulaFitter::joins).map(FieldModel::name).toList();
        if (lastJoint != null && lastJoint.fields().equals(names) && java.util.Objects.equals(lastJoint.stateField(), stateField)
                && offered >= lastJoint.offered()
                && offered < lastJoint.offered() * JOINT_REFIT_GROWTH) {
            // The marginals have moved on since the fit: a table that no longer covers its
            // determinants' marginals (values seen since) would never write the new values.
            List<Dependency> covered = DependencyFinder.covering(lastJoint.dependencies(), fields);
            return covered.size() == lastJoint.dependencies().size() ? lastJoint
                    : new JointFit(lastJoint.offered(), names, stateField, lastJoint.copula(), covered, lastJoint.stateCopulas());
        }
        lastJoint = fitJoint(offered, names, stateField, fields, stats.reservoir().rows());
        return lastJoint;
    }

    private static JointFit fitJoint(long offered, List<String> names, String stateField, List<FieldModel> fields, List<Row> rows) {
        List<FieldModel> joint = new ArrayList<>();
        for (FieldModel field : fields) {
            if (CopulaFitter.joins(field)) {
                joint.add(field);
            }
        }
        return new JointFit(offered, names, stateField, CopulaFitter.fit(joint, rows), DependencyFinder.find(joint, rows),
                stateField == null ? List.of() : CopulaFitter.fitStates(joint, rows, stateField));
    }

    /**
     * {@code model}, whose fields already hold the marginals over a horizon of windows
     * ({@link HorizonMarginals}), with its joint part and its entity copula fitted again over the same
     * horizon: on the panes' row samples and ended-entity samples (oldest first in {@code panes})
     * merged with the panes' {@link HorizonWeights}, a weighted sample of the horizon. So the
     * correlations, dependencies, per-state copulas and attributes follow drift as the marginals do,
     * and stay consistent with them (a state copula's quantiles are read through the field marginals).
     * The chain's start and transition counts are the panes' weighted too
     * ({@link SequenceModelBuilder#overHorizon}). Fitted again when the panes change or their samples
     * have been offered {@link #JOINT_REFIT_GROWTH} times the rows of the last fit.
     */
    public synchronized ModelSnapshot overHorizon(ModelSnapshot model, List<WindowStats> panes, Windowing windowing) {
        List<Long> starts = panes.stream().map(WindowStats::windowStart).toList();
        long offered = panes.stream().mapToLong(pane -> pane.reservoir().offered()).sum();
        String stateField = model.sequences() == null ? null : model.sequences().stateField();
        List<String> names = model.fields().stream().filter(CopulaFitter::joins).map(FieldModel::name).toList();
        HorizonFit fit = lastHorizon;
        if (fit == null || !fit.starts().equals(starts) || !fit.joint().fields().equals(names)
                || !java.util.Objects.equals(fit.joint().stateField(), stateField)
                || offered < fit.joint().offered() || offered >= fit.joint().offered() * JOINT_REFIT_GROWTH) {
            List<Double> weights = HorizonWeights.panes(panes.size(), windowing);
            RowReservoir rows = new RowReservoir(RowReservoir.TOPIC_CAPACITY, 0);
            RowReservoir entities = new RowReservoir(RowReservoir.TOPIC_CAPACITY, 0);
            for (int j = 0; j < panes.size(); j++) {
                double logWeight = Math.log(weights.get(j));
                rows.merge(panes.get(j).reservoir(), logWeight);
                if (panes.get(j).sequences() != null) {
                    entities.merge(panes.get(j).sequences().endedEntities(), logWeight);
                }
            }
            EntityCopula entityCopula = model.sequences() == null || model.sequences().attributes().isEmpty() ? null
                    : fitEntityCopula(model.fields(), model.sequences(), entities.rows(), null);
            fit = new HorizonFit(starts, fitJoint(offered, names, stateField, model.fields(), rows.rows()), entityCopula);
            lastHorizon = fit;
        }
        ModelSnapshot joint = model.withJoint(fit.joint().copula(), fit.joint().dependencies(), fit.joint().stateCopulas());
        if (model.sequences() == null) {
            return joint;
        }
        SequenceModel chain = SequenceModelBuilder.overHorizon(model.sequences(), panes, HorizonWeights.panes(panes.size(), windowing));
        return joint.withSequences(fit.entityCopula() == null ? chain : chain.withEntityCopula(fit.entityCopula()));
    }

    /**
     * The rate part of the model: the event-time field (the one named by --time-field or the profile, or else the field whose value
     * was within 1 s of the record timestamp in the most events, if that is at least
     * {@link #TIME_FIELD_SHARE} of them), and the inter-arrival gaps with their mean and burstiness.
     */
    static RateModel rateModel(TopicStats stats, Windowing windowing) {
        RateStats rate = stats.rate();
        String timeField = windowing.timeField();
        if (timeField == null) {
            long best = 0;
            for (Map.Entry<String, Long> matches : rate.timeMatches().entrySet()) {
                if (matches.getValue() > best) {
                    best = matches.getValue();
                    timeField = matches.getKey();
                }
            }
            if (stats.events() == 0 || best < TIME_FIELD_SHARE * stats.events()) {
                timeField = null;
            }
        }
        long n = rate.gapCount();
        double mean = n == 0 ? 0 : rate.gapSum() / n;
        double sd = n == 0 ? 0 : Math.sqrt(Math.max(0, rate.gapSquares() / n - mean * mean));
        double burstiness = sd + mean == 0 ? 0 : (sd - mean) / (sd + mean);
        return new RateModel(timeField, windowing.windowMs(), windowing.advanceMs(), windowing.horizon(),
                numericMarginal(rate.gapSketch()), mean, Math.max(-1, Math.min(1, burstiness)));
    }

    static FieldModel fieldModel(FieldStats field) {
        return fieldModel(field, null);
    }

    /** The model of one field; {@code override}, if not null and the field's type can play it, is its role. */
    public static FieldModel fieldModel(FieldStats field, FieldRole override) {
        double nullRate = field.count() == 0 ? 1.0 : (double) field.nulls() / field.count();
        FieldType type = majorityType(field);
        RoleInference.Inferred inferred = RoleInference.infer(field, type);
        FieldRole role = inferred.role();
        String reason = inferred.reason();
        if (override != null && override.fits(type)) {
            role = override;
            reason = FROM_PROFILE;
        } else if (override != null) {
            reason += "; the profile's " + override.label() + " does not fit " + type.name().toLowerCase(java.util.Locale.ROOT) + " values";
        }
        // The HLL estimate may exceed the values counted exactly; no field has more distinct values than values.
        long distinct = Math.min(field.distinct(), field.count() - field.nulls());
        int decimals = type == FieldType.DOUBLE ? Math.max(0, field.maxDecimals()) : type == FieldType.LONG ? 0 : -1;
        double trueRate = type == FieldType.BOOLEAN && field.booleans() > 0 ? (double) field.trues() / field.booleans() : 0.0;
        TimestampFormat format = type == FieldType.TIMESTAMP ? field.timestampFormat() : null;
        if (role.synthesized()) {
            long values = field.count() - field.nulls();
            boolean unique = role == FieldRole.IDENTIFIER
                    || (values > 0 && (double) distinct / values >= RoleInference.IDENTIFIER_MIN_DISTINCT_SHARE);
            IdentifierShape shape = type == FieldType.LONG
                    ? (values > 0 ? IdentifierShape.integers(field.max(), distinct, unique) : null)
                    : IdentifierShape.texts(field.shape(), distinct, unique);
            return new FieldModel(field.name(), type, format, nullRate, null, null, trueRate, role, reason, distinct, decimals,
                    Double.NaN, Double.NaN, shape);
        }
        NumericMarginal numeric = type.isNumeric() ? numericMarginal(field.numberSketch()) : null;
        CategoricalMarginal categorical = type == FieldType.STRING ? categoricalMarginal(field.itemSketch()) : null;
        // Text fields keep their shape (no real value in it), so a later profile can make them synthesized.
        IdentifierShape shape = type == FieldType.STRING ? IdentifierShape.texts(field.shape(), distinct, false) : null;
        return new FieldModel(field.name(), type, format, nullRate, numeric, categorical, trueRate, role, reason, distinct, decimals,
                numeric == null ? Double.NaN : field.min(), numeric == null ? Double.NaN : field.max(), shape);
    }

    /** {@code field} if its model is synthesized: a key copied from a categorical field would be a real value. */
    private static String keyField(String field, List<FieldModel> fields) {
        if (field == null) {
            return null;
        }
        return fields.stream().anyMatch(model -> model.name().equals(field) && model.role().synthesized()) ? field : null;
    }

    /**
     * The model of the record keys: always synthesized (no real key may reach the mirror), an
     * identifier if the keys were nearly unique, else an entity key. Null if no key was observed.
     */
    static FieldModel keyModel(FieldStats key) {
        if (key == null) {
            return null;
        }
        double nullRate = key.count() == 0 ? 1.0 : (double) key.nulls() / key.count();
        long values = key.count() - key.nulls();
        long distinct = Math.min(key.distinct(), values);
        boolean unique = values > 0 && (double) distinct / values >= RoleInference.IDENTIFIER_MIN_DISTINCT_SHARE;
        FieldRole role = unique ? FieldRole.IDENTIFIER : FieldRole.ENTITY_KEY;
        String reason = values == 0 ? "no record had a key"
                : String.format(java.util.Locale.ROOT, "%,d distinct keys of %,d", distinct, values);
        return new FieldModel(key.name(), FieldType.STRING, null, nullRate, null, null, 0, role, reason, distinct, -1,
                Double.NaN, Double.NaN, IdentifierShape.texts(key.shape(), distinct, unique));
    }

    /**
     * {@code model} with the roles {@code profile} sets, for a model learned without them: a field
     * can become synthesized (its values are then not used), but a synthesized field cannot get its
     * values back.
     *
     * @throws BadInputException if the profile names a field the model does not have, a role its type
     *                           cannot play, or a role that needs values the model does not hold
     */
    public static ModelSnapshot applyProfile(ModelSnapshot model, ProfileConfig profile) {
        if (profile.isEmpty()) {
            return model;
        }
        Map<String, FieldType> types = new LinkedHashMap<>();
        model.fields().forEach(field -> types.put(field.name(), field.type()));
        profile.checkAgainst(types);
        List<FieldModel> fields = new ArrayList<>();
        for (FieldModel field : model.fields()) {
            FieldRole role = profile.roleOf(field.name());
            if (role == null || role == field.role()) {
                fields.add(field);
                continue;
            }
            if (field.role().synthesized() && !role.synthesized()) {
                throw new BadInputException("field " + field.name() + " was learned as " + field.role().label()
                        + ", so the model holds none of its values; learn again with --profile to make it " + role.label());
            }
            IdentifierShape shape = field.shape();
            if (role.synthesized() && field.type() == FieldType.LONG) {
                shape = IdentifierShape.integers(field.max(), field.distinct(), role == FieldRole.IDENTIFIER);
            } else if (role.synthesized() && shape != null) {
                shape = new IdentifierShape(shape.patterns(), shape.weights(), shape.distinct(), role == FieldRole.IDENTIFIER,
                        shape.integersFrom());
            }
            fields.add(field.withRole(role, FROM_PROFILE, shape));
        }
        return model.withFields(fields);
    }

    /**
     * The kind most non-null values had; a field with any non-integral number is a double. A field
     * with no values at all is a string field that is always null.
     */
    static FieldType majorityType(FieldStats field) {
        long numbers = field.longs() + field.doubles();
        long best = Math.max(Math.max(numbers, field.booleans()), Math.max(field.texts(), field.timestamps()));
        if (best == 0) {
            return FieldType.STRING;
        }
        if (numbers == best) {
            return field.doubles() > 0 ? FieldType.DOUBLE : FieldType.LONG;
        }
        if (field.timestamps() == best) {
            return FieldType.TIMESTAMP;
        }
        if (field.texts() == best) {
            return FieldType.STRING;
        }
        return FieldType.BOOLEAN;
    }

    static NumericMarginal numericMarginal(KllDoublesSketch sketch) {
        if (sketch == null || sketch.isEmpty()) {
            return null;
        }
        DoublesSortedView view = sketch.getSortedView();
        double[] items = view.getQuantiles();
        long[] weights = view.getCumulativeWeights();
        double total = view.getN();
        // The sorted view repeats a value once per retained copy; keep the last (highest) weight of each.
        double[] values = new double[items.length];
        double[] cumulative = new double[items.length];
        int distinct = 0;
        for (int i = 0; i < items.length; i++) {
            if (distinct > 0 && values[distinct - 1] == items[i]) {
                cumulative[distinct - 1] = weights[i] / total;
            } else {
                values[distinct] = items[i];
                cumulative[distinct] = weights[i] / total;
                distinct++;
            }
        }
        return new NumericMarginal(Arrays.copyOf(values, distinct), Arrays.copyOf(cumulative, distinct));
    }

    static CategoricalMarginal categoricalMarginal(ItemsSketch<String> sketch) {
        if (sketch == null || sketch.isEmpty()) {
            return null;
        }
        ItemsSketch.Row<String>[] rows = sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES);
        Arrays.sort(rows, Comparator.comparingLong((ItemsSketch.Row<String> row) -> row.getEstimate()).reversed()
                .thenComparing(ItemsSketch.Row::getItem));
        List<String> values = new ArrayList<>(rows.length);
        double[] weights = new double[rows.length];
        double total = sketch.getStreamLength();
        long kept = 0; // counted, not summed as shares: exactly 0 unseen when every value was kept
        for (int i = 0; i < rows.length; i++) {
            values.add(rows[i].getItem());
            weights[i] = rows[i].getEstimate() / total;
            kept += rows[i].getEstimate();
        }
        return new CategoricalMarginal(values, weights, Math.max(0L, sketch.getStreamLength() - kept) / total);
    }
}
