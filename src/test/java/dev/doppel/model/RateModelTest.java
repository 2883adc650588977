package dev.doppel.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doppel.codec.FieldType;
import dev.doppel.codec.Row;
import dev.doppel.codec.TimestampFormat;
import dev.doppel.codec.ValueFormat;
import dev.doppel.stats.TopicStats;
import dev.doppel.stats.WindowStats;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateModelTest {

    @TempDir
    Path dir;

    @Test
    void theRateModelReadsBackFromBytesAndFromAFile() {
        ModelSnapshot model = RateModelTestData.flights();
        ModelFormat.write(model, dir.resolve("model.bin"));

        for (ModelSnapshot back : List.of(ModelFormat.fromBytes(ModelFormat.toBytes(model)), ModelFormat.read(dir.resolve("model.bin")))) {
            RateModel rate = back.rate();
            assertThat(rate.timeField()).isEqualTo("date");
            assertThat(rate.windowMs()).isEqualTo(3_600_000);
            assertThat(rate.advanceMs()).isEqualTo(900_000);
            assertThat(rate.horizon()).isEqualTo(4);
            assertThat(rate.gaps().values()).containsExactly(0, 60_000);
            assertThat(rate.gaps().cumulative()).containsExactly(0.75, 1);
            assertThat(rate.meanGapMs()).isEqualTo(15_000);
            assertThat(rate.burstiness()).isEqualTo(0.42);
            assertThat(back.timeline()).isEqualTo(model.timeline());
            assertThat(back.fields()).extracting(FieldModel::name).containsExactly("date", "delay");
        }
    }

    @Test
    void aFieldMatchingTheRecordTimestampInFewerThan99PercentOfEventsIsNoEventTime() {
        TopicStats mostly = new TopicStats("t", 60_000);
        TopicStats always = new TopicStats("t", 60_000);
        WindowStats mostlyWindow = new WindowStats(0, 60_000);
        WindowStats alwaysWindow = new WindowStats(0, 60_000);
        for (int i = 0; i < 1000; i++) {
            long t = 10L * i;
            mostlyWindow.observe(Row.of(Map.of("t", i < 985 ? t : t + 5000)), t); // 98.5% match
            alwaysWindow.observe(Row.of(Map.of("t", i < 990 ? t : t + 5000)), t); // 99% match
        }
        mostly.add(mostlyWindow);
        always.add(alwaysWindow);

        assertThat(ModelBuilder.rateModel(mostly, Windowing.tumbling(60_000)).timeField()).isNull();
        assertThat(ModelBuilder.rateModel(always, Windowing.tumbling(60_000)).timeField()).isEqualTo("t");
    }

    @Test
    void aProfileNamingTheEventTimeFieldWinsOverMatchingButNotOverTheOption() {
        TopicStats stats = new TopicStats("t", 60_000);
        WindowStats window = new WindowStats(0, 60_000);
        for (int i = 0; i < 1000; i++) {
            window.observe(Row.of(Map.of("t", 10L * i, "logged", 10L * i + 60_000)), 10L * i);
        }
        stats.add(window);
        dev.doppel.profile.ProfileConfig profile = dev.doppel.profile.ProfileConfig.of("test",
                Map.of("logged", dev.doppel.profile.FieldRole.EVENT_TIME));
        java.time.Clock clock = java.time.Clock.systemUTC();

        assertThat(new ModelBuilder(clock).build(stats).rate().timeField()).isEqualTo("t");
        assertThat(new ModelBuilder(clock, profile).build(stats).rate().timeField()).isEqualTo("logged");
        assertThat(new ModelBuilder(clock, new Windowing(60_000, 60_000, 0, "t"), profile).build(stats).rate().timeField())
                .isEqualTo("t");
    }
}
