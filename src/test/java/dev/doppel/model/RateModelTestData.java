package dev.doppel.model;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.codec.ValueFormat;
import java.util.List;
import java.util.TreeMap;

/** A hand-made model with a rate part, for the model format and the model commands' tests. */
public final class RateModelTestData {

    private RateModelTestData() {
    }

    /** Two 15-minute panes of 1-hour windows over a horizon of 4, with an event-time field. */
    public static ModelSnapshot flights() {
        TreeMap<Long, Long> timeline = new TreeMap<>();
        timeline.put(0L, 12L);
        timeline.put(900_000L, 30L);
        RateModel rate = new RateModel("date", 3_600_000, 900_000, 4,
                new NumericMarginal(new double[] {0, 60_000}, new double[] {0.75, 1}), 15_000, 0.42);
        return new ModelSnapshot("flights", ValueFormat.JSON, null, 1_700_000_000_000L, 900_000, 2, 42, 5, 1_799_999, timeline, List.of(
                new FieldModel("date", FieldType.TIMESTAMP, TimestampFormat.LOCAL_SPACE_SECONDS, 0,
                        new NumericMarginal(new double[] {5, 1_799_999}, new double[] {0.5, 1}), null, 0),
                new FieldModel("delay", FieldType.LONG, null, 0.1,
                        new NumericMarginal(new double[] {-3, 0, 40}, new double[] {0.2, 0.7, 1}), null, 0))).withRate(rate);
    }
}
