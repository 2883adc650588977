package dev.doppel.cli;

import dev.doppel.codec.CollectionPaths;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.sample.IdentifierSynthesizer;
import dev.doppel.stats.ShapeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.simple.RandomSource;

/** The table {@code doppel profile} prints: one row per field, and one for the record key if there were keys. */
final class ProfileTable {

    /** Seed of the examples: the same data gives the same table. */
    private static final long EXAMPLE_SEED = 7;

    private ProfileTable() {
    }

    static String of(ModelSnapshot model, boolean withProfile) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"field", "type", "role", "reason", "null rate", "distinct", "shape example"});
        for (FieldModel field : model.fields()) {
            rows.add(row(field));
        }
        if (model.hasKeys()) {
            rows.add(row(model.key()));
        }
        StringBuilder out = new StringBuilder(format(rows));
        out.append(String.format(Locale.ROOT, "%nidentifier, entity_key and text fields (and record keys) are never copied: the model keeps only"
                + " their shape, and the examples are made up in it.%n"));
        if (!withProfile) {
            out.append(String.format(Locale.ROOT, "set roles by hand with --profile FILE (YAML: 'fields: {NAME: ROLE}').%n"));
        }
        return out.toString();
    }

    private static String[] row(FieldModel field) {
        return new String[] {
            field.name(),
            CollectionPaths.describe(field.name(), field.type()),
            field.role().label(),
            field.roleReason(),
            String.format(Locale.ROOT, "%.1f%%", 100 * field.nullRate()),
            field.distinct() < 0 ? "?" : RateMeter.format(field.distinct()),
            example(field)
        };
    }

    /**
     * A made-up value for synthesized fields; for other text, the mask of its most frequent shape
     * (AAA for airport codes), which its values are copied in; else nothing.
     */
    private static String example(FieldModel field) {
        if (field.shape() == null || field.alwaysNull()) {
            return "";
        }
        IdentifierSynthesizer synthesizer = new IdentifierSynthesizer(field.shape(), RandomSource.XO_RO_SHI_RO_128_PP.create(EXAMPLE_SEED));
        if (field.shape().integersFrom() != null) {
            return Long.toString(synthesizer.nextLong());
        }
        return field.role().synthesized() ? synthesizer.next() : ShapeStats.mask(synthesizer.next());
    }

    private static String format(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            appendRow(out, rows.get(r), widths);
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                appendRow(out, rule, widths);
            }
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < row.length; i++) {
            line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i])).append("  ");
        }
        out.append(line.toString().stripTrailing()).append(String.format("%n"));
    }
}
