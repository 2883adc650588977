package dev.doppel.profile;

import dev.doppel.codec.FieldType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The part a field plays, which decides how it is modelled and synthesized. Identifier, entity key and
 * text values are never copied into the model or the mirror: they are made up in the same shape.
 */
public enum FieldRole {
    /** A number, integer or real: its distribution, precision and exact bounds are kept. */
    NUMERIC(EnumSet.of(FieldType.LONG, FieldType.DOUBLE)),
    /** A value from a limited set: the frequent values and their shares are kept. */
    CATEGORICAL(EnumSet.of(FieldType.STRING, FieldType.LONG, FieldType.DOUBLE, FieldType.BOOLEAN)),
    BOOLEAN(EnumSet.of(FieldType.BOOLEAN)),
    /** When the event happened. */
    EVENT_TIME(EnumSet.of(FieldType.TIMESTAMP, FieldType.LONG)),
    /** Nearly unique per event (ids, emails, phone numbers): synthesized fresh, unique within a run. */
    IDENTIFIER(EnumSet.of(FieldType.STRING, FieldType.LONG)),
    /** Names an entity that has many events: synthesized fresh, repeating like the source's. */
    ENTITY_KEY(EnumSet.of(FieldType.STRING, FieldType.LONG)),
    /** Free text: synthesized in the same shape (lengths, character classes). */
    TEXT(EnumSet.of(FieldType.STRING)),
    /** The state of an entity, whose changes follow a Markov chain (set by the sequence learner). */
    STATE(EnumSet.of(FieldType.STRING, FieldType.LONG, FieldType.BOOLEAN)),
    /** A property fixed for each entity (set by the sequence learner). */
    ENTITY_ATTRIBUTE(EnumSet.of(FieldType.STRING, FieldType.LONG, FieldType.DOUBLE, FieldType.BOOLEAN));

    private final Set<FieldType> types;

    FieldRole(Set<FieldType> types) {
        this.types = types;
    }

    /** True if a field of {@code type} can play this role. */
    public boolean fits(FieldType type) {
        return types.contains(type);
    }

    /** True for the roles whose real values must never reach the model or the mirror. */
    public boolean synthesized() {
        return this == IDENTIFIER || this == ENTITY_KEY || this == TEXT;
    }

    /** The name as written in profile files and tables: {@code entity_key}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every role's label, for error messages. */
    public static String labels() {
        return Arrays.stream(values()).map(FieldRole::label).collect(Collectors.joining(", "));
    }

    /** The role labelled {@code label} (case and {@code -} or {@code _} do not matter), or null. */
    public static FieldRole fromLabel(String label) {
        String normal = label.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (FieldRole role : values()) {
            if (role.name().equals(normal)) {
                return role;
            }
        }
        return null;
    }
}
