package dev.doppel.testing;

import dev.doppel.codec.Row;
import java.util.List;

/** Correlations of rows' fields, for tests of the joint model. */
public final class Correlations {

    private Correlations() {
    }

    /** Pearson's r of two numeric fields over the rows where both are present. */
    public static double pearson(List<Row> rows, String a, String b) {
        double n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (Row row : rows) {
            if (row.get(a) instanceof Number x && row.get(b) instanceof Number y) {
                double u = x.doubleValue();
                double v = y.doubleValue();
                n++;
                sa += u;
                sb += v;
                saa += u * u;
                sbb += v * v;
                sab += u * v;
            }
        }
        double cov = sab / n - (sa / n) * (sb / n);
        return cov / Math.sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
    }
}
