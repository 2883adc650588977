package dev.doppel.codec;

import java.util.List;

/**
 * How arrays and maps appear in a flat {@link Row}: as <em>derived paths</em> next to the ordinary
 * ones. For an array field {@code tags} the row has {@code tags[]#length} (a {@link Long}, null when
 * the array is null) and {@code tags[]}, a {@link List} of the elements' values. The fields of
 * record elements sit under {@code items[].sku}, {@code items[].qty}, each a list with one value per
 * element. A map field {@code attrs} gives {@code attrs{}#length}, {@code attrs{}#key} (the list of
 * its keys) and {@code attrs{}} (its values; {@code attrs{}.f} for record values). An element path's
 * list is empty, never null, when the array is null or empty.
 *
 * <p>The statistics observe an element path once per element, so its marginal is the elements'
 * distribution (its null rate the share of null elements); the length path is an ordinary number
 * field. Avro names cannot hold {@code [ ] { } #}, so derived paths never clash with real fields.
 * Arrays and maps inside arrays or maps are not supported.
 */
public final class CollectionPaths {

    /** Suffix of an array's path: {@code tags} → {@code tags[]}. */
    public static final String ARRAY = "[]";
    /** Suffix of a map's path: {@code attrs} → {@code attrs{}}. */
    public static final String MAP = "{}";
    /** Suffix of the length path: {@code tags[]#length}. */
    public static final String LENGTH = "#length";
    /** Suffix of a map's key path: {@code attrs{}#key}. */
    public static final String KEY = "#key";

    private CollectionPaths() {
    }

    /** True for any path derived from an array or a map: lengths, keys and elements. */
    public static boolean isDerived(String path) {
        return path.contains(ARRAY) || path.contains(MAP);
    }

    /** True for a path whose row value is the number of elements of an array or map. */
    public static boolean isLength(String path) {
        return isDerived(path) && path.endsWith(LENGTH);
    }

    /** True for a path whose row value is a {@link List}, one value per element (map keys too). */
    public static boolean isElement(String path) {
        return isDerived(path) && !path.endsWith(LENGTH);
    }

    /** True for the path of a map's keys. */
    public static boolean isMapKey(String path) {
        return isDerived(path) && path.endsWith(MAP + KEY);
    }

    /** The array or map a derived path belongs to, as {@code tags[]} or {@code attrs{}}; null for other paths. */
    public static String collectionOf(String path) {
        int array = path.indexOf(ARRAY);
        int map = path.indexOf(MAP);
        if (array < 0 && map < 0) {
            return null;
        }
        int end = array < 0 ? map : map < 0 ? array : Math.min(array, map);
        return path.substring(0, end + 2);
    }

    /** The length path of a collection ({@code tags[]} → {@code tags[]#length}). */
    public static String lengthOf(String collection) {
        return collection + LENGTH;
    }

    /** A short description for tables: {@code array length}, {@code map keys}, {@code string elements}. */
    public static String describe(String path, FieldType type) {
        String typeName = type.name().toLowerCase(java.util.Locale.ROOT);
        if (!isDerived(path)) {
            return typeName;
        }
        boolean map = collectionOf(path).endsWith(MAP);
        if (isLength(path)) {
            return map ? "map size" : "array length";
        }
        if (isMapKey(path)) {
            return "map keys";
        }
        return typeName + (map ? " values" : " elements");
    }
}
