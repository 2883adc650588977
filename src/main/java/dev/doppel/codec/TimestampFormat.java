package dev.doppel.codec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * The textual timestamp layouts doppel recognises in string fields. Times without a zone are read as
 * UTC: the source's wall-clock time is kept as it is written, which is what the mirror must write back.
 */
public enum TimestampFormat {
    /** {@code 2001-01-01 00:01:00} */
    LOCAL_SPACE_SECONDS("uuuu-MM-dd HH:mm:ss"),
    /** {@code 2001-01-01 00:01} */
    LOCAL_SPACE_MINUTES("uuuu-MM-dd HH:mm"),
    /** {@code 2001-01-01T00:01:00} */
    LOCAL_ISO_SECONDS("uuuu-MM-dd'T'HH:mm:ss"),
    /** {@code 2001-01-01T00:01:00.123} */
    LOCAL_ISO_MILLIS("uuuu-MM-dd'T'HH:mm:ss.SSS"),
    /** {@code 2001-01-01T00:01:00Z} or with an offset, fractions allowed. */
    ISO_OFFSET(null),
    /** {@code 2001-01-01} */
    DATE("uuuu-MM-dd");

    private final DateTimeFormatter formatter;

    TimestampFormat(String pattern) {
        // STRICT, so that 2001-02-30 and 24:00:00 are not dates (SMART would move them to a valid one);
        // STRICT needs 'u' (proleptic year), as 'y' (year of era) would also want an era.
        this.formatter = pattern == null ? DateTimeFormatter.ISO_OFFSET_DATE_TIME
                : DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }

    /** The first format that reads {@code text} completely, if any. */
    public static Optional<TimestampFormat> detect(String text) {
        if (!looksLikeDate(text)) {
            return Optional.empty();
        }
        for (TimestampFormat format : values()) {
            if (format.tryParse(text) != null) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** Epoch milliseconds of {@code text}, or null if this format does not read it. */
    public Long tryParse(String text) {
        try {
            return switch (this) {
                case ISO_OFFSET -> OffsetDateTime.parse(text, formatter).toInstant().toEpochMilli();
                case DATE -> LocalDate.parse(text, formatter).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                default -> LocalDateTime.parse(text, formatter).toInstant(ZoneOffset.UTC).toEpochMilli();
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Writes epoch milliseconds in this format (UTC for the formats without a zone). */
    public String format(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        return switch (this) {
            case ISO_OFFSET -> DateTimeFormatter.ISO_INSTANT.format(instant);
            case DATE -> formatter.format(instant.atOffset(ZoneOffset.UTC).toLocalDate());
            default -> formatter.format(instant.atOffset(ZoneOffset.UTC).toLocalDateTime());
        };
    }

    /** A cheap test that rules out most strings before any parser runs: {@code dddd-dd-dd...}. */
    private static boolean looksLikeDate(String text) {
        return text.length() >= 10 && text.length() <= 40
                && Character.isDigit(text.charAt(0)) && Character.isDigit(text.charAt(3))
                && text.charAt(4) == '-' && text.charAt(7) == '-'
                && Character.isDigit(text.charAt(5)) && Character.isDigit(text.charAt(9));
    }
}
