package dev.doppel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampFormatTest {

    /** 2001-01-01T00:00:00Z: 11,323 days after 1970-01-01, times 86,400,000 ms. */
    private static final long NEW_YEAR_2001 = 11_323L * 86_400_000L;

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2001-01-01 00:01:00,       LOCAL_SPACE_SECONDS",
        "2001-01-01 00:01,          LOCAL_SPACE_MINUTES",
        "2001-01-01T00:01:00,       LOCAL_ISO_SECONDS",
        "2001-01-01T00:01:00.123,   LOCAL_ISO_MILLIS",
        "2001-01-01T00:01:00Z,      ISO_OFFSET",
        "2001-01-01T02:01:00+02:00, ISO_OFFSET",
        "2001-01-01T00:01:00.5Z,    ISO_OFFSET",
        "2001-01-01,                DATE"
    })
    void eachLayoutIsDetectedAsItsOwnFormat(String text, TimestampFormat expected) {
        assertThat(TimestampFormat.detect(text)).contains(expected);
    }

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
        // One minute after midnight is 60,000 ms; times without a zone are read as UTC.
        "2001-01-01 00:01:00,       60000",
        "2001-01-01 00:01,          60000",
        "2001-01-01T00:01:00,       60000",
        "2001-01-01T00:01:00.123,   60123",
        "2001-01-01T00:01:00Z,      60000",
        "2001-01-01T02:01:00+02:00, 60000",
        "2001-01-01,                0",
        "2001-01-02,                86400000"
    })
    void aTimestampReadsAsEpochMillisecondsInUtc(String text, long millisAfterNewYear2001) {
        TimestampFormat format = TimestampFormat.detect(text).orElseThrow();
        assertThat(format.tryParse(text)).isEqualTo(NEW_YEAR_2001 + millisAfterNewYear2001);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource({
        "2001-01-01 00:01:00,      LOCAL_SPACE_SECONDS",
        "1999-12-31 23:59:59,      LOCAL_SPACE_SECONDS",
        "2001-01-01 00:01,         LOCAL_SPACE_MINUTES",
        "2017-06-30T12:34:56,      LOCAL_ISO_SECONDS",
        "2017-06-30T12:34:56.007,  LOCAL_ISO_MILLIS",
        "2017-06-30T12:34:56Z,     ISO_OFFSET",
        "2017-06-30T12:34:56.250Z, ISO_OFFSET",
        "1975-06-24,               DATE",
        "2020-02-29,               DATE"
    })
    void writingWhatWasReadGivesBackTheSameText(String text, TimestampFormat format) {
        assertThat(format.format(format.tryParse(text))).isEqualTo(text);
    }

    @Test
    void aTimeWithAnOffsetIsWrittenAsTheSameInstant() {
        // ISO_OFFSET writes UTC ('Z'); the text changes but the instant must not.
        long read = TimestampFormat.ISO_OFFSET.tryParse("2001-01-01T02:01:00+02:00");
        String written = TimestampFormat.ISO_OFFSET.format(read);

        assertThat(TimestampFormat.ISO_OFFSET.tryParse(written)).isEqualTo(read);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "", "LAS", "-13", "12345", "44.96661711", "true", "tropical depression", "17-000003",
        "2001/01/01", "01-01-2001", "2001-13-01", "2001-01-32", "2001-02-30", "2001-04-31",
        "2001-02-29 12:00:00", "2001-01-01 24:00:00",
        "2001-01-01 00:01:00 UTC", "2001-01-01T00:01:00.5", "2001-01-01x"
    })
    void textThatIsNotADateOfAKnownLayoutIsNotATimestamp(String text) {
        assertThat(TimestampFormat.detect(text)).isEmpty();
        for (TimestampFormat format : TimestampFormat.values()) {
            assertThat(format.tryParse(text)).as(format.name()).isNull();
        }
    }

    @Test
    void aFormatDoesNotReadAnotherFormatsLayout() {
        assertThat(TimestampFormat.LOCAL_SPACE_SECONDS.tryParse("2001-01-01 00:01")).isNull();
        assertThat(TimestampFormat.LOCAL_SPACE_MINUTES.tryParse("2001-01-01 00:01:00")).isNull();
        assertThat(TimestampFormat.LOCAL_ISO_SECONDS.tryParse("2001-01-01 00:01:00")).isNull();
        assertThat(TimestampFormat.LOCAL_ISO_MILLIS.tryParse("2001-01-01T00:01:00")).isNull();
        assertThat(TimestampFormat.ISO_OFFSET.tryParse("2001-01-01T00:01:00")).isNull();
        assertThat(TimestampFormat.DATE.tryParse("2001-01-01 00:01:00")).isNull();
    }

    @Test
    void valuesACsvIsFullOfAreNotTimestamps() {
        // Airport codes, numbers, words and ids: none may be read as a time by any format.
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            texts.add(switch (i % 4) {
                case 0 -> "LAS";
                case 1 -> Integer.toString(i * 7919);
                case 2 -> "tropical depression";
                default -> "17-" + i;
            });
        }
        for (String text : texts) {
            assertThat(TimestampFormat.detect(text)).as(text).isEmpty();
            for (TimestampFormat format : TimestampFormat.values()) {
                assertThat(format.tryParse(text)).as("%s read by %s", text, format).isNull();
            }
        }
    }
}
