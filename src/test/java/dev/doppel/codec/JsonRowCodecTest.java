package dev.doppel.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRowCodecTest {

    private final JsonRowCodec codec = new JsonRowCodec();

    @Test
    void nestedObjectsFlattenToDottedPathsInDocumentOrder() {
        Row row = codec.decode("""
                {"id": 7, "user": {"name": "Ada", "address": {"city": "Paris", "zip": null}}, "ok": true}
                """);

        assertThat(row.values()).containsExactly(
                entry("id", 7L),
                entry("user.name", "Ada"),
                entry("user.address.city", "Paris"),
                entry("user.address.zip", null),
                entry("ok", true));
    }

    @Test
    void encodingRebuildsTheNestedObjects() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", 7L);
        values.put("user.name", "Ada");
        values.put("user.address.city", "Paris");
        values.put("score", 0.25);
        values.put("ok", false);
        values.put("note", null);

        byte[] bytes = codec.encode(Row.of(values));

        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(bytes)).isEqualTo(mapper.readTree("""
                {"id": 7, "user": {"name": "Ada", "address": {"city": "Paris"}}, "score": 0.25, "ok": false, "note": null}
                """));
    }

    @Test
    void aRowSurvivesEncodeThenDecode() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", Long.MAX_VALUE);
        values.put("delay", -13L);
        values.put("share", 1.0);
        values.put("tiny", 4.9e-324);
        values.put("flag", true);
        values.put("when", "2001-01-01 00:01:00");
        values.put("text", "quotes \" and \\ and ünïcödé");
        values.put("a.b.c", "deep");
        values.put("a.b.d", 1L);
        values.put("gone", null);
        Row row = Row.of(values);

        assertThat(codec.decode(codec.encode(row))).isEqualTo(row);
    }

    @Test
    void integralNumbersAreLongsAndOthersDoubles() {
        Row row = codec.decode("""
                {"int": 3, "negative": -3, "point": 3.0, "exponent": 3e2, "huge": 1180591620717411303424}
                """);

        assertThat(row.values()).containsExactly(
                entry("int", 3L),
                entry("negative", -3L),
                entry("point", 3.0),
                entry("exponent", 300.0),
                // 2^70 does not fit a long; it is kept as the nearest double.
                entry("huge", 0x1p70));
    }

    @Test
    void anArrayIsKeptAsItsJsonText() {
        Row row = codec.decode("{\"tags\": [1, \"two\", {\"three\": 3}]}");

        assertThat(row.values()).containsExactly(entry("tags", "[1,\"two\",{\"three\":3}]"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"hello", "{", "{\"a\": }", "{'a': 1}", "{\"a\": 1,}", "", "  "})
    void bytesThatAreNotJsonAreABadRecordOfReasonNotJson(String text) {
        BadRecordException e = catchThrowableOfType(BadRecordException.class, () -> codec.decode(text));

        assertThat(e.reason()).isEqualTo("not-json");
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"[1, 2]", "42", "\"text\"", "true", "null"})
    void jsonThatIsNotAnObjectIsABadRecordOfReasonNotJsonObject(String text) {
        BadRecordException e = catchThrowableOfType(BadRecordException.class, () -> codec.decode(text));

        assertThat(e.reason()).isEqualTo("not-json-object");
    }

    @Test
    void aNullValueIsABadRecordOfReasonNullValue() {
        BadRecordException e = catchThrowableOfType(BadRecordException.class, () -> codec.decode((byte[]) null));

        assertThat(e.reason()).isEqualTo("null-value");
    }

    @Test
    void textAndBytesDecodeAlike() {
        String text = "{\"city\": \"Zürich\", \"n\": 1}";

        assertThat(codec.decode(text)).isEqualTo(codec.decode(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(codec.decode(text).get("city")).isEqualTo("Zürich");
    }
}
