package dev.doppel.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event as a flat, ordered map from field path to value. Nested records are flattened to
 * dotted paths ({@code user.address.city}). Values are {@link Long}, {@link Double}, {@link Boolean},
 * {@link String} or null; see {@link FieldType}. The element paths of arrays and maps hold a
 * {@link java.util.List} of such values, one per element ({@link CollectionPaths}). Immutable once built.
 */
public final class Row {

    private final Map<String, Object> values;

    private Row(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** A row over a copy of {@code values}, keeping their iteration order. */
    public static Row of(Map<String, ?> values) {
        return new Row(new LinkedHashMap<>(values));
    }

    public Map<String, Object> values() {
        return values;
    }

    public Object get(String field) {
        return values.get(field);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && values.equals(row.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
