package dev.doppel.codec;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.doppel.errors.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A file of events: CSV with a header row, or JSON lines. Opening it reads the whole file once to
 * infer each column's {@link FieldType} (a column is a number only if every non-empty value is one);
 * {@link #read} then streams typed {@link Row}s in file order. Empty CSV cells are nulls. A line that
 * cannot be read is reported to the {@link BadLineListener} and skipped.
 */
public final class EventFile {

    /** The layouts an event file can have. */
    public enum Format {
        CSV,
        JSONL;

        /** The format a file name implies: {@code .jsonl}, {@code .ndjson} and {@code .json} are JSON lines. */
        public static Format fromFileName(Path path) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json") ? JSONL : CSV;
        }
    }

    /** Told about each line that is skipped; {@code lineNumber} counts from 1, the CSV header included. */
    @FunctionalInterface
    public interface BadLineListener {
        void skipped(long lineNumber, String reason, String message);
    }

    private static final CsvMapper CSV = new CsvMapper();
    private static final JsonRowCodec JSON = new JsonRowCodec();

    private final Path path;
    private final Format format;
    private final Map<String, FieldType> types;
    private final Map<String, TimestampFormat> timestampFormats;

    private EventFile(Path path, Format format, Map<String, FieldType> types, Map<String, TimestampFormat> timestampFormats) {
        this.path = path;
        this.format = format;
        this.types = Collections.unmodifiableMap(types);
        this.timestampFormats = Collections.unmodifiableMap(timestampFormats);
    }

    /**
     * Opens {@code path} and infers its column types.
     *
     * @throws BadInputException if the file is missing, unreadable, empty, or has no header
     */
    public static EventFile open(Path path, Format format) {
        if (!Files.isRegularFile(path)) {
            throw new BadInputException("input file not found: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new BadInputException("input file is not readable: " + path);
        }
        Map<String, TypeVote> votes = new LinkedHashMap<>();
        scan(path, format, (lineNumber, reason, message) -> { }, (row, lineNumber) -> {
            row.values().forEach((name, value) -> votes.computeIfAbsent(name, n -> new TypeVote()).observe(value));
        }, votes);
        if (votes.isEmpty()) {
            throw new BadInputException("input file has no columns: " + path);
        }
        Map<String, FieldType> types = new LinkedHashMap<>();
        Map<String, TimestampFormat> timestampFormats = new LinkedHashMap<>();
        votes.forEach((name, vote) -> {
            types.put(name, vote.type());
            if (vote.type() == FieldType.TIMESTAMP) {
                timestampFormats.put(name, vote.timestampFormat);
            }
        });
        return new EventFile(path, format, types, timestampFormats);
    }

    public Path path() {
        return path;
    }

    public Format format() {
        return format;
    }

    /** Column names in file order, with their inferred types. */
    public Map<String, FieldType> types() {
        return types;
    }

    /** The format of each {@link FieldType#TIMESTAMP} column. */
    public Map<String, TimestampFormat> timestampFormats() {
        return timestampFormats;
    }

    /** Streams the file's rows in order, each value converted to its column's type. */
    public void read(BadLineListener badLines, RowConsumer rows) {
        scan(path, format, badLines, (raw, lineNumber) -> rows.accept(typed(raw), lineNumber), null);
    }

    /** Receives rows as they are read; may throw to stop reading. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(Row row, long lineNumber);
    }

    private Row typed(Row raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, FieldType> column : types.entrySet()) {
            values.put(column.getKey(), convert(raw.get(column.getKey()), column.getValue()));
        }
        return Row.of(values);
    }

    private static Object convert(Object value, FieldType type) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            // JSON lines: a column mixing types keeps the widest one.
            if (type == FieldType.DOUBLE && value instanceof Long number) {
                return number.doubleValue();
            }
            return type == FieldType.STRING ? value.toString() : value;
        }
        return switch (type) {
            case LONG -> Long.parseLong(text);
            case DOUBLE -> Double.parseDouble(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            case STRING, TIMESTAMP -> text;
        };
    }

    /**
     * Reads every line; CSV cells come out as strings (empty ones as null), JSON values as they are.
     * {@code header}, when given, receives the CSV columns even if the file has no data rows.
     */
    private static void scan(Path path, Format format, BadLineListener badLines, RowConsumer rows, Map<String, TypeVote> header) {
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            if (format == Format.CSV) {
                scanCsv(path, reader, badLines, rows, header);
            } else {
                scanJsonLines(reader, badLines, rows);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new BadInputException("cannot read " + path + ": " + e.getCause().getMessage(), e);
        }
    }

    private static void scanCsv(Path path, Reader reader, BadLineListener badLines, RowConsumer rows, Map<String, TypeVote> header)
            throws IOException {
        try (MappingIterator<String[]> lines = CSV.readerForArrayOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(reader)) {
            if (!lines.hasNext()) {
                throw new BadInputException("input file is empty: " + path);
            }
            String[] columns = lines.next();
            if (header != null) {
                for (String column : columns) {
                    header.computeIfAbsent(column, c -> new TypeVote());
                }
            }
            while (true) {
                String[] cells;
                // Where the reader stands now, past the previous row's line break, is where this row
                // starts; once the row is read it stands on the line after it.
                long lineNumber = lines.getCurrentLocation().getLineNr();
                try {
                    if (!lines.hasNextValue()) {
                        break;
                    }
                    cells = lines.nextValue();
                } catch (RuntimeException | IOException e) {
                    // A broken quote leaves the parser with no place to resume: report and stop.
                    badLines.skipped(lines.getCurrentLocation().getLineNr(), "unreadable-csv", firstLine(e.getMessage()));
                    break;
                }
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue; // a blank line
                }
                if (cells.length != columns.length) {
                    badLines.skipped(lineNumber, "wrong-column-count",
                            "has " + cells.length + " cells, the header has " + columns.length);
                    continue;
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.length; i++) {
                    values.put(columns[i], cells[i].isEmpty() ? null : cells[i]);
                }
                rows.accept(Row.of(values), lineNumber);
            }
        }
    }

    private static void scanJsonLines(BufferedReader reader, BadLineListener badLines, RowConsumer rows) throws IOException {
        long lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            Row row;
            try {
                row = JSON.decode(line);
            } catch (BadRecordException e) {
                badLines.skipped(lineNumber, e.reason(), e.getMessage());
                continue;
            }
            rows.accept(row, lineNumber);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Which types every value seen so far in one column fits. */
    private static final class TypeVote {
        private boolean anyValue;
        private boolean allLong = true;
        private boolean allDouble = true;
        private boolean allBoolean = true;
        private boolean allTimestamp = true;
        private boolean anyText;
        private TimestampFormat timestampFormat;

        void observe(Object value) {
            if (value == null) {
                return;
            }
            anyValue = true;
            if (value instanceof Long) {
                allBoolean = false;
                allTimestamp = false;
                return;
            }
            if (value instanceof Double) {
                allLong = false;
                allBoolean = false;
                allTimestamp = false;
                return;
            }
            if (value instanceof Boolean) {
                allLong = false;
                allDouble = false;
                allTimestamp = false;
                return;
            }
            String text = value.toString();
            anyText = true;
            if (allLong && !isLong(text)) {
                allLong = false;
            }
            if (allDouble && !isDouble(text)) {
                allDouble = false;
            }
            if (allBoolean && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                allBoolean = false;
            }
            if (allTimestamp) {
                if (timestampFormat == null) {
                    timestampFormat = TimestampFormat.detect(text).orElse(null);
                    allTimestamp = timestampFormat != null;
                } else {
                    allTimestamp = timestampFormat.tryParse(text) != null;
                }
            }
        }

        FieldType type() {
            if (!anyValue) {
                return FieldType.STRING;
            }
            if (allLong) {
                return FieldType.LONG;
            }
            if (allDouble) {
                return FieldType.DOUBLE;
            }
            if (allBoolean) {
                return FieldType.BOOLEAN;
            }
            if (allTimestamp && anyText) {
                return FieldType.TIMESTAMP;
            }
            return FieldType.STRING;
        }

        private static boolean isLong(String text) {
            try {
                Long.parseLong(text);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** Decimal notation only: "NaN", "Infinity", hex floats and "1d" parse in Java but are not CSV numbers. */
        private static final java.util.regex.Pattern DECIMAL =
                java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

        private static boolean isDouble(String text) {
            return DECIMAL.matcher(text).matches();
        }
    }
}
