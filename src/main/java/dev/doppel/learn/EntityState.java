package dev.doppel.learn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One live entity in the learner's per-key store: when it started and was last seen, how many events
 * it had, the last value of each candidate state field, and, to tell entity attributes, the values
 * of its first event and which fields have changed since. Removed once the entity has ended.
 * Mutable; not thread-safe.
 */
final class EntityState {

    private static final byte FORMAT_VERSION = 1;

    long firstTimestamp;
    long lastTimestamp;
    long events;
    final Map<String, String> lastStates = new LinkedHashMap<>();
    final Map<String, String> firstValues = new LinkedHashMap<>();
    final Set<String> changed = new HashSet<>();

    EntityState(long firstTimestamp) {
        this.firstTimestamp = firstTimestamp;
        this.lastTimestamp = firstTimestamp;
    }

    /** The fields that kept their first event's value in every event since. */
    Set<String> constantFields() {
        Set<String> constant = new HashSet<>(firstValues.keySet());
        constant.removeAll(changed);
        return constant;
    }

    static Serde<EntityState> serde() {
        return Serdes.serdeFrom((topic, state) -> state == null ? null : toBytes(state),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    static byte[] toBytes(EntityState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(state.firstTimestamp);
            out.writeLong(state.lastTimestamp);
            out.writeLong(state.events);
            writeMap(out, state.lastStates);
            writeMap(out, state.firstValues);
            out.writeInt(state.changed.size());
            for (String field : state.changed) {
                EntityEvent.writeText(out, field);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static EntityState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("entity state format " + version + " is not known to this doppel");
            }
            EntityState state = new EntityState(in.readLong());
            state.lastTimestamp = in.readLong();
            state.events = in.readLong();
            readMap(in, state.lastStates);
            readMap(in, state.firstValues);
            int changed = in.readInt();
            for (int i = 0; i < changed; i++) {
                state.changed.add(EntityEvent.readText(in));
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            EntityEvent.writeText(out, entry.getKey());
            EntityEvent.writeText(out, entry.getValue());
        }
    }

    private static void readMap(DataInputStream in, Map<String, String> map) throws IOException {
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            map.put(EntityEvent.readText(in), EntityEvent.readText(in));
        }
    }
}
