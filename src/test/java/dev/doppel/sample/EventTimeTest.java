package dev.doppel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.model.FieldModel;
import dev.doppel.model.NumericMarginal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    private static final NumericMarginal ANY = new NumericMarginal(new double[] {0}, new double[] {1});

    private static Row row() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("date", "1999-12-31 23:59:59");
        values.put("delay", 3L);
        return Row.of(values);
    }

    @Test
    void aTimestampFieldGetsTheTimeInItsLayoutAndReadsBackToTheSecond() {
        FieldModel date = new FieldModel("date", FieldType.TIMESTAMP, TimestampFormat.LOCAL_SPACE_SECONDS, 0, ANY, null, 0);

        Row stamped = EventTime.with(row(), date, 978_307_260_123L);

        assertThat(stamped.values()).containsExactly(Map.entry("date", "2001-01-01 00:01:00"), Map.entry("delay", 3L));
        assertThat(EventTime.of(stamped, date)).isEqualTo(978_307_260_000L);
    }

    @Test
    void aNumericFieldGetsEpochMillisecondsAndAMissingTimeIsNone() {
        FieldModel epoch = new FieldModel("ts", FieldType.LONG, null, 0, ANY, null, 0);

        assertThat(EventTime.with(row(), epoch, 42L).get("ts")).isEqualTo(42L);
        assertThat(EventTime.of(row(), epoch)).isEqualTo(EventTime.NONE);
    }
}
