package dev.doppel.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.doppel.errors.BadInputException;
import dev.doppel.testing.RealData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileTest {

    @TempDir
    Path dir;

    /** A line {@link EventFile#read} skipped. */
    record Skipped(long line, String reason, String message) {
    }

    /** Everything one {@link EventFile#read} gave: rows with their line numbers, and skipped lines. */
    static final class Read {
        final List<Row> rows = new ArrayList<>();
        final List<Long> lines = new ArrayList<>();
        final List<Skipped> skipped = new ArrayList<>();

        static Read of(EventFile file) {
            Read read = new Read();
            file.read((line, reason, message) -> read.skipped.add(new Skipped(line, reason, message)),
                    (row, line) -> {
                        read.rows.add(row);
                        read.lines.add(line);
                    });
            return read;
        }

        List<Object> column(String name) {
            List<Object> values = new ArrayList<>();
            rows.forEach(row -> values.add(row.get(name)));
            return values;
        }
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private EventFile csv(String content) throws IOException {
        return EventFile.open(write("events.csv", content), EventFile.Format.CSV);
    }

    private EventFile jsonLines(String content) throws IOException {
        return EventFile.open(write("events.jsonl", content), EventFile.Format.JSONL);
    }

    @Nested
    class TypeInference {

        @Test
        void eachColumnGetsTheNarrowestTypeAllItsValuesFit() throws IOException {
            EventFile file = csv("""
                    count,share,flag,at,day,word
                    1,1.5,true,2001-01-01 00:01:00,2001-01-01,LAS
                    -2,2,FALSE,2001-01-01 00:02:00,2001-01-02,PHL
                    30,-3e2,True,2001-01-01 00:03:00,2001-01-03,tropical depression
                    """);

            assertThat(file.types()).containsExactly(
                    entry("count", FieldType.LONG),
                    entry("share", FieldType.DOUBLE),
                    entry("flag", FieldType.BOOLEAN),
                    entry("at", FieldType.TIMESTAMP),
                    entry("day", FieldType.TIMESTAMP),
                    entry("word", FieldType.STRING));
            assertThat(file.timestampFormats()).containsExactly(
                    entry("at", TimestampFormat.LOCAL_SPACE_SECONDS),
                    entry("day", TimestampFormat.DATE));
        }

        @Test
        void aColumnIsANumberOnlyIfEveryValueIs() throws IOException {
            StringBuilder content = new StringBuilder("delay\n");
            for (int i = 0; i < 100; i++) {
                content.append(i).append('\n');
            }
            content.append("n/a\n");

            EventFile file = csv(content.toString());

            assertThat(file.types()).containsExactly(entry("delay", FieldType.STRING));
            List<Object> delays = Read.of(file).column("delay");
            assertThat(delays).hasSize(101).allMatch(String.class::isInstance);
            assertThat(delays.get(7)).isEqualTo("7");
        }

        @Test
        void textsThatOnlyLookNumericOrBooleanAreStrings() throws IOException {
            EventFile file = csv("""
                    special,hex,hexFloat,yes,mixedTimes
                    NaN,0x10,0x1p3,yes,2001-01-01 00:01:00
                    Infinity,0x11,0x1.8p1,no,2001-01-01T00:01:00
                    1.5d,0x12,0x1p0,yes,2001-01-01 00:02:00
                    """);

            assertThat(file.types()).containsExactly(
                    entry("special", FieldType.STRING),
                    entry("hex", FieldType.STRING),
                    entry("hexFloat", FieldType.STRING),
                    entry("yes", FieldType.STRING),
                    entry("mixedTimes", FieldType.STRING));
        }

        @Test
        void emptyCellsAreNullsAndDoNotVote() throws IOException {
            EventFile file = csv("""
                    a,b,c
                    ,1.5,
                    7,,
                    ,2.5,
                    """);

            assertThat(file.types()).containsExactly(
                    entry("a", FieldType.LONG),
                    entry("b", FieldType.DOUBLE),
                    entry("c", FieldType.STRING));
            Read read = Read.of(file);
            assertThat(read.column("a")).containsExactly(null, 7L, null);
            assertThat(read.column("b")).containsExactly(1.5, null, 2.5);
            assertThat(read.column("c")).containsExactly(null, null, null);
        }

        @Test
        void eachValueIsReadAsItsColumnsJavaType() throws IOException {
            EventFile file = csv("""
                    count,share,flag,at,word
                    -2,2,FALSE,2001-01-01 00:02:00,"LAS, NV"
                    3,0.5,true,2001-01-01 00:03:00,PHL
                    """);

            Row row = Read.of(file).rows.get(0);

            assertThat(row.values()).containsExactly(
                    entry("count", -2L),
                    entry("share", 2.0),
                    entry("flag", false),
                    entry("at", "2001-01-01 00:02:00"),
                    entry("word", "LAS, NV"));
        }

        @Test
        void aJsonColumnMixingLongsAndDoublesIsADoubleColumn() throws IOException {
            EventFile file = jsonLines("""
                    {"amount": 1, "n": 1, "ok": true, "user": {"id": "u1"}}
                    {"amount": 2.5, "n": 2, "ok": false, "user": {"id": "u2"}}
                    {"amount": null, "n": 3, "ok": true, "user": {"id": "u3"}, "late": "x"}
                    """);

            assertThat(file.types()).containsExactly(
                    entry("amount", FieldType.DOUBLE),
                    entry("n", FieldType.LONG),
                    entry("ok", FieldType.BOOLEAN),
                    entry("user.id", FieldType.STRING),
                    entry("late", FieldType.STRING));
            Read read = Read.of(file);
            assertThat(read.column("amount")).containsExactly(1.0, 2.5, null);
            assertThat(read.column("n")).containsExactly(1L, 2L, 3L);
            assertThat(read.column("late")).containsExactly(null, null, "x");
        }

        @Test
        void theFileNameSaysWhetherItIsJsonLines() {
            assertThat(EventFile.Format.fromFileName(Path.of("a/events.JSONL"))).isEqualTo(EventFile.Format.JSONL);
            assertThat(EventFile.Format.fromFileName(Path.of("events.ndjson"))).isEqualTo(EventFile.Format.JSONL);
            assertThat(EventFile.Format.fromFileName(Path.of("events.json"))).isEqualTo(EventFile.Format.JSONL);
            assertThat(EventFile.Format.fromFileName(Path.of("events.csv"))).isEqualTo(EventFile.Format.CSV);
            assertThat(EventFile.Format.fromFileName(Path.of("events.json.txt"))).isEqualTo(EventFile.Format.CSV);
        }
    }

    @Nested
    class BadInput {

        @Test
        void aCsvLineWithTheWrongNumberOfCellsIsReportedWithItsLineNumberAndSkipped() throws IOException {
            EventFile file = csv("""
                    a,b
                    1,2
                    3
                    4,5,6
                    7,8
                    """);

            Read read = Read.of(file);

            // Line numbers count from 1 and include the header.
            assertThat(read.skipped).extracting(Skipped::line, Skipped::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(3L, "wrong-column-count"),
                    org.assertj.core.groups.Tuple.tuple(4L, "wrong-column-count"));
            assertThat(read.skipped.get(0).message()).contains("1 cells").contains("header has 2");
            assertThat(read.column("a")).containsExactly(1L, 7L);
            assertThat(read.lines).containsExactly(2L, 5L);
        }

        @Test
        void aRowIsNumberedByTheLineItStartsOnEvenAfterAQuotedLineBreak() throws IOException {
            EventFile file = csv("a,b\n\"two\nlines\",1\n3\n4,5");

            Read read = Read.of(file);

            assertThat(read.column("a")).containsExactly("two\nlines", "4");
            assertThat(read.lines).containsExactly(2L, 5L);
            assertThat(read.skipped).extracting(Skipped::line).containsExactly(4L);
        }

        @Test
        void aSkippedLineDoesNotVoteOnTypes() throws IOException {
            EventFile file = csv("""
                    a,b
                    1,2
                    x
                    3,4
                    """);

            assertThat(file.types()).containsExactly(entry("a", FieldType.LONG), entry("b", FieldType.LONG));
        }

        @Test
        void aJsonLineThatIsNotAnObjectIsReportedWithItsLineNumberAndSkipped() throws IOException {
            EventFile file = jsonLines("""
                    {"a": 1}
                    {"a": oops}

                    [1, 2]
                    {"a": 2}
                    """);

            Read read = Read.of(file);

            assertThat(read.skipped).extracting(Skipped::line, Skipped::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2L, "not-json"),
                    org.assertj.core.groups.Tuple.tuple(4L, "not-json-object"));
            assertThat(read.column("a")).containsExactly(1L, 2L);
            assertThat(read.lines).containsExactly(1L, 5L);
        }

        @Test
        void aMissingFileIsBadInputWithAOneLineMessageNamingIt() {
            Path missing = dir.resolve("no-such-events.csv");

            assertThatThrownBy(() -> EventFile.open(missing, EventFile.Format.CSV))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("not found")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        @Test
        void anEmptyFileIsBadInput() throws IOException {
            Path empty = write("empty.csv", "");

            assertThatThrownBy(() -> EventFile.open(empty, EventFile.Format.CSV))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("empty")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        @Test
        void aDirectoryIsNotAnEventFile() {
            assertThatThrownBy(() -> EventFile.open(dir, EventFile.Format.CSV))
                    .isInstanceOf(BadInputException.class);
        }
    }

    @Nested
    class RealFiles {

        @Test
        void theFlightsFileHasAllItsRowsWithTheirTypes() {
            EventFile file = RealData.open(RealData.FLIGHTS);

            assertThat(file.types()).containsExactly(
                    entry("date", FieldType.TIMESTAMP),
                    entry("delay", FieldType.LONG),
                    entry("distance", FieldType.LONG),
                    entry("origin", FieldType.STRING),
                    entry("destination", FieldType.STRING));
            assertThat(file.timestampFormats()).containsExactly(entry("date", TimestampFormat.LOCAL_SPACE_SECONDS));

            long[] rows = new long[1];
            Row[] first = new Row[1];
            List<Skipped> skipped = new ArrayList<>();
            file.read((line, reason, message) -> skipped.add(new Skipped(line, reason, message)), (row, line) -> {
                if (rows[0]++ == 0) {
                    first[0] = row;
                }
            });
            assertThat(skipped).isEmpty();
            assertThat(rows[0]).isEqualTo(163_987L);
            // The file's second line.
            assertThat(first[0].values()).containsExactly(
                    entry("date", "2001-01-01 00:01:00"),
                    entry("delay", 33L),
                    entry("distance", 2176L),
                    entry("origin", "LAS"),
                    entry("destination", "PHL"));
        }

        @Test
        void theStormsFileReadsItsEmptyDiametersAsNullsAndItsQuotedStringsWithoutQuotes() {
            EventFile file = RealData.open(RealData.STORMS);

            assertThat(file.types()).contains(
                    entry("storm_id", FieldType.STRING),
                    entry("ts", FieldType.TIMESTAMP),
                    entry("lat", FieldType.DOUBLE),
                    entry("status", FieldType.STRING),
                    entry("wind", FieldType.LONG),
                    entry("pressure", FieldType.LONG),
                    entry("tropicalstorm_force_diameter", FieldType.LONG),
                    entry("hurricane_force_diameter", FieldType.LONG));

            Read read = Read.of(file);
            assertThat(read.skipped).isEmpty();
            assertThat(read.rows).hasSize(11_859);
            // Counted with Python's csv module: 6,509 rows have both diameters empty, none just one.
            assertThat(read.column("tropicalstorm_force_diameter")).filteredOn(v -> v == null).hasSize(6_509);
            assertThat(read.column("hurricane_force_diameter")).filteredOn(v -> v == null).hasSize(6_509);
            assertThat(read.rows).allMatch(row ->
                    (row.get("tropicalstorm_force_diameter") == null) == (row.get("hurricane_force_diameter") == null));
            assertThat(read.column("tropicalstorm_force_diameter")).filteredOn(v -> v != null)
                    .allMatch(Long.class::isInstance);
            // The file's second line: "AL011993_1993","1993-05-31 12:00:00",...,"tropical depression","-1",25,1003,,
            assertThat(read.rows.get(0).values()).contains(
                    entry("storm_id", "AL011993_1993"),
                    entry("ts", "1993-05-31 12:00:00"),
                    entry("lat", 21.5),
                    entry("status", "tropical depression"),
                    entry("wind", 25L),
                    entry("tropicalstorm_force_diameter", null));
        }

        @Test
        void theMinneapolisStopsFileHasDoublesLongsAndMostlyEmptyStrings() {
            EventFile file = RealData.openMplsStops();

            assertThat(file.types()).contains(
                    entry("idNum", FieldType.STRING),
                    entry("date", FieldType.TIMESTAMP),
                    entry("citationIssued", FieldType.STRING),
                    entry("lat", FieldType.DOUBLE),
                    entry("long", FieldType.DOUBLE),
                    entry("policePrecinct", FieldType.LONG));

            Read read = Read.of(file);
            assertThat(read.skipped).isEmpty();
            assertThat(read.rows).hasSize(51_920);
            // Counted with Python's csv module.
            Map<Object, Integer> citations = new HashMap<>();
            read.column("citationIssued").forEach(v -> citations.merge(v == null ? "null" : v, 1, Integer::sum));
            assertThat(citations).containsEntry("null", 32_810).containsOnlyKeys("null", "YES", "NO");
        }
    }
}
