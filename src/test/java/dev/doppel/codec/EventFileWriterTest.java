package dev.doppel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileWriterTest {

    @TempDir
    Path dir;

    private static Row row(Object time, Object name, Object count, Object city) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("time", time);
        values.put("name", name);
        values.put("count", count);
        values.put("user.city", city);
        return Row.of(values);
    }

    @Test
    void csvAndJsonLinesReadBackAsTheSameRowsInTheGivenColumnOrder() {
        List<Row> rows = List.of(
                row("2001-01-01 00:01:00", "plain", 3L, "Oslo"),
                row("2001-01-01 00:02:00", "a, \"quoted\" one", null, " spaced "),
                row("2001-01-01 00:03:00", null, -7L, null));
        for (EventFile.Format format : EventFile.Format.values()) {
            Path path = dir.resolve(format == EventFile.Format.CSV ? "out.csv" : "out.jsonl");
            try (EventFileWriter writer = EventFileWriter.create(path, format, List.of("name", "time", "count", "user.city"))) {
                rows.forEach(writer::write);
            }

            EventFile file = EventFile.open(path, format);
            List<Row> read = new ArrayList<>();
            file.read((line, reason, message) -> { throw new AssertionError(message); }, (row, line) -> read.add(row));

            assertThat(file.types()).as(format.name()).containsExactly(Map.entry("name", FieldType.STRING),
                    Map.entry("time", FieldType.TIMESTAMP), Map.entry("count", FieldType.LONG), Map.entry("user.city", FieldType.STRING));
            assertThat(read).as(format.name()).hasSize(3);
            for (int i = 0; i < rows.size(); i++) {
                for (String field : List.of("time", "name", "count", "user.city")) {
                    assertThat(read.get(i).get(field)).as(format + " row " + i + " " + field).isEqualTo(rows.get(i).get(field));
                }
            }
        }
    }
}
