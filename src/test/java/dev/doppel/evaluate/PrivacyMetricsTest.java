package dev.doppel.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrivacyMetricsTest {

    @Test
    void identifierLeaksCountSyntheticRowsHoldingARealValue() {
        EventTable real = Tables.of(Tables.columns("id"), new Object[] {"a"}, new Object[] {"b"}, new Object[] {"c"});
        EventTable synthetic = Tables.of(Tables.columns("id"),
                new Object[] {"c"}, new Object[] {"d"}, new Object[] {null}, new Object[] {"a"}, new Object[] {"a"});

        assertThat(PrivacyMetrics.identifierLeaks(real, synthetic.as(real), "id")).isEqualTo(3);
    }

    @Test
    void aNumberReadAsLongOnOneSideAndDoubleOnTheOtherStillLeaks() {
        EventTable real = Tables.of(Tables.columns("id"), new Object[] {17L});
        EventTable synthetic = Tables.of(Tables.columns("id"), new Object[] {17.0});

        assertThat(PrivacyMetrics.identifierLeaks(real, synthetic.as(real), "id")).isEqualTo(1);
    }

    @Test
    void newRowSynthesisMatchesTextExactlyAndNumbersWithinOnePercent() {
        String[] columns = Tables.columns("x", "c");
        EventTable real = Tables.of(columns, new Object[] {100.0, "u"}, new Object[] {200.0, "v"}, new Object[] {null, "w"});
        EventTable synthetic = Tables.of(columns,
                new Object[] {100.5, "u"},  // within 1% of 100: a copy
                new Object[] {102.0, "u"},  // 2% off: new
                new Object[] {200.0, "u"},  // text differs: new
                new Object[] {null, "w"},   // missing matches missing: a copy
                new Object[] {null, "v"});  // new

        EventTable read = synthetic.as(real);
        assertThat(PrivacyMetrics.copies(real, read, List.of("x", "c"))).isEqualTo(2);
        assertThat(PrivacyMetrics.newRowSynthesis(real, read, List.of("x", "c"))).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void newRowSynthesisFindsMatchesAmongManyRowsOfOneGroup() {
        Object[][] rows = new Object[1000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {(double) (i * 10), (long) -i};
        }
        EventTable real = Tables.of(Tables.columns("x", "y"), rows);
        EventTable synthetic = Tables.of(Tables.columns("x", "y"),
                new Object[] {5000.0, -500L}, new Object[] {5000.0, -499L}, new Object[] {-30.0, 3L}, new Object[] {9990.0, -999L});

        // (5000, -500) is row 500; (5000, -499): y within 1% of -500 is [-505, -495], so also a copy;
        // (-30, 3) matches nothing; (9990, -999) is row 999.
        assertThat(PrivacyMetrics.copies(real, synthetic.as(real), List.of("x", "y"))).isEqualTo(3);
    }

    @Test
    void distanceToClosestRecordAveragesRangeScaledNumbersAndCategoryMismatches() {
        String[] columns = Tables.columns("x", "c");
        EventTable real = Tables.of(columns, new Object[] {0.0, "a"}, new Object[] {10.0, "b"});
        EventTable reference = Tables.of(columns, new Object[] {3.0, "a"}, new Object[] {1.0, "b"});
        EventTable synthetic = Tables.of(columns, new Object[] {1.0, "a"}, new Object[] {50.0, null});

        double[] dcr = PrivacyMetrics.distanceToClosestRecord(synthetic.as(real), reference.as(real), real, List.of("x", "c"));

        // (1, a): to (3, a) (0.2 + 0) / 2 = 0.1; to (1, b) (0 + 1) / 2 = 0.5. (50, null): numbers cap at 1, so 1.
        assertThat(dcr).containsExactly(new double[] {0.1, 1.0}, within(1e-12));
    }

    @Test
    void dcrOverfittingProtectionIsTwiceTheShareNotCloserToTrainingCappedAtOne() {
        // Closer to training in 3 of 4 rows: min(1, 2 * (1 - 3/4)).
        assertThat(PrivacyMetrics.dcrOverfittingProtection(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0.2, 0.1, 0.4, 0.5}))
                .isCloseTo(0.5, within(1e-12));
        // Equally close counts as not closer; 1 of 4 closer: min(1, 1.5).
        assertThat(PrivacyMetrics.dcrOverfittingProtection(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0.2, 0.2, 0.3, 0.1}))
                .isEqualTo(1.0);
    }

    @Test
    void reidentificationRateIsTheShareOfSyntheticRowsLinkingToAUniqueRealRow() {
        String[] columns = Tables.columns("zip", "age");
        EventTable real = Tables.of(columns, new Object[] {"a", 1L}, new Object[] {"a", 1L}, new Object[] {"b", 2L}, new Object[] {"c", 3L});
        EventTable synthetic = Tables.of(columns, new Object[] {"a", 1L}, new Object[] {"b", 2L}, new Object[] {"c", 3L}, new Object[] {"d", 4L});

        // (a, 1) is shared by two real rows: not unique. (b, 2) and (c, 3) are: 2 of 4.
        assertThat(PrivacyMetrics.reidentificationRate(real, synthetic.as(real), List.of("zip", "age"))).isEqualTo(0.5);
    }
}
