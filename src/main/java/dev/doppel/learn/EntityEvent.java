package dev.doppel.learn;

import dev.doppel.codec.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the learner's per-key stage needs of one event, as it travels the repartition topic keyed by
 * its entity: every field's value as text (for equality only) and which fields held text (the
 * candidates for a state field). The event time is the record timestamp.
 *
 * @param values field path to {@code String.valueOf(value)}, or null; in the row's order
 * @param texts  the fields whose value was a string
 */
record EntityEvent(Map<String, String> values, Set<String> texts) {

    private static final byte FORMAT_VERSION = 1;

    EntityEvent {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        texts = Set.copyOf(texts);
    }

    static EntityEvent of(Row row) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> texts = new HashSet<>();
        row.values().forEach((field, value) -> {
            if (dev.doppel.codec.CollectionPaths.isDerived(field)) {
                return; // arrays and maps are neither states nor attributes
            }
            values.put(field, value == null ? null : value.toString());
            if (value instanceof String) {
                texts.add(field);
            }
        });
        return new EntityEvent(values, texts);
    }

    /** Version byte, field count, then per field: name, a text flag, and the value (length -1 for null). */
    static Serde<EntityEvent> serde() {
        return Serdes.serdeFrom((topic, event) -> event == null ? null : toBytes(event),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    static byte[] toBytes(EntityEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(event.values.size());
            for (Map.Entry<String, String> value : event.values.entrySet()) {
                writeText(out, value.getKey());
                out.writeBoolean(event.texts.contains(value.getKey()));
                writeText(out, value.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static EntityEvent fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("entity event format " + version + " is not known to this doppel");
            }
            int count = in.readInt();
            Map<String, String> values = new LinkedHashMap<>();
            Set<String> texts = new HashSet<>();
            for (int i = 0; i < count; i++) {
                String field = readText(in);
                if (in.readBoolean()) {
                    texts.add(field);
                }
                values.put(field, readText(in));
            }
            return new EntityEvent(values, texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = in.readNBytes(length);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
