package dev.doppel.codec;

import dev.doppel.errors.BadInputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows as an event file that {@link EventFile} reads back: CSV with a header row (empty cells
 * for nulls, quoted where needed), or JSON lines (dotted fields nested again). Columns come in the
 * order given, so that a copy has its source's layout.
 */
public final class EventFileWriter implements AutoCloseable {

    private static final JsonRowCodec JSON = new JsonRowCodec();

    private final BufferedWriter out;
    private final EventFile.Format format;
    private final List<String> columns;

    private EventFileWriter(BufferedWriter out, EventFile.Format format, List<String> columns) {
        this.out = out;
        this.format = format;
        this.columns = List.copyOf(columns);
    }

    /**
     * Creates (or replaces) {@code path} with these columns.
     *
     * @throws BadInputException if the file cannot be written
     */
    public static EventFileWriter create(Path path, EventFile.Format format, List<String> columns) {
        try {
            EventFileWriter writer = new EventFileWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), format, columns);
            if (format == EventFile.Format.CSV) {
                List<String> header = new ArrayList<>();
                columns.forEach(column -> header.add(csvCell(column)));
                writer.out.write(String.join(",", header));
                writer.out.newLine();
            }
            return writer;
        } catch (IOException e) {
            throw new BadInputException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes one row; fields it lacks are null, fields beyond the columns are left out. */
    public void write(Row row) {
        try {
            if (format == EventFile.Format.CSV) {
                List<String> cells = new ArrayList<>(columns.size());
                for (String column : columns) {
                    Object value = row.get(column);
                    cells.add(value == null ? "" : csvCell(value.toString()));
                }
                out.write(String.join(",", cells));
            } else {
                Map<String, Object> ordered = new LinkedHashMap<>();
                columns.forEach(column -> ordered.put(column, row.get(column)));
                out.write(new String(JSON.encode(Row.of(ordered)), StandardCharsets.UTF_8));
            }
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell quoted when it holds a comma, a quote, a line break or edge spaces, or is empty text. */
    static String csvCell(String text) {
        boolean quote = text.isEmpty() || text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                || !text.strip().equals(text);
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
