package dev.doppel.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The shape of a field's strings, in bounded memory, so that values in the same shape can be made up
 * later that are provably none of the real ones:
 *
 * <ul>
 *   <li>a frequent-items sketch of each value's <em>mask</em> (digits become {@code 9}, lower-case
 *       letters {@code a}, upper-case letters {@code A}, every other character stays as it is; masks
 *       are cut at {@link #MAX_MASK_LENGTH});</li>
 *   <li>for each of the first {@link #POSITIONS} positions, the set of ASCII characters seen there
 *       (a 128-bit set), and whether a non-ASCII character was;</li>
 *   <li>the exact shortest and longest length, how many values had white space, their total length.</li>
 * </ul>
 *
 * <p>The invariant the synthesizer relies on: every real value longer than {@code p} (for
 * {@code p < POSITIONS}) has its character at {@code p} in {@link #seenAt(int)}. So a string with, at
 * some {@code p}, a character never seen there is none of the real values; nor is a string longer
 * than {@link #maxLength()}. Merging takes unions and sums, so it is commutative. Not thread-safe.
 */
public final class ShapeStats {

    /** Positions whose characters are tracked. */
    public static final int POSITIONS = 32;
    /** Masks longer than this are cut here: past it a value is text, not an identifier. */
    public static final int MAX_MASK_LENGTH = 64;
    /** Frequent-items map size for masks: exact counts up to 48 distinct masks. */
    public static final int MAX_MASKS = 64;

    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

    private long values;
    private long withSpace;
    private long totalLength;
    private int minLength = Integer.MAX_VALUE;
    private int maxLength = -1;
    /** Two longs per position: ASCII 0-63 and 64-127. */
    private final long[] ascii = new long[2 * POSITIONS];
    /** Bit p: a non-ASCII character was seen at position p. */
    private long nonAscii;
    private ItemsSketch<String> masks;

    public void observe(String value) {
        values++;
        int length = value.length();
        totalLength += length;
        minLength = Math.min(minLength, length);
        maxLength = Math.max(maxLength, length);
        boolean space = false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            }
            if (i < POSITIONS) {
                if (c < 128) {
                    ascii[2 * i + (c >> 6)] |= 1L << (c & 63);
                } else {
                    nonAscii |= 1L << i;
                }
            }
        }
        if (space) {
            withSpace++;
        }
        masks().update(mask(value));
    }

    /** The mask of {@code value}: {@code 9} for a digit, {@code a}/{@code A} for a letter, others kept. */
    public static String mask(String value) {
        int length = Math.min(value.length(), MAX_MASK_LENGTH);
        char[] mask = new char[length];
        for (int i = 0; i < length; i++) {
            mask[i] = maskOf(value.charAt(i));
        }
        return new String(mask);
    }

    public static char maskOf(char c) {
        if (c >= '0' && c <= '9') {
            return '9';
        }
        if (c >= 'a' && c <= 'z') {
            return 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return 'A';
        }
        return c;
    }

    public void merge(ShapeStats other) {
        values += other.values;
        withSpace += other.withSpace;
        totalLength += other.totalLength;
        minLength = Math.min(minLength, other.minLength);
        maxLength = Math.max(maxLength, other.maxLength);
        for (int i = 0; i < ascii.length; i++) {
            ascii[i] |= other.ascii[i];
        }
        nonAscii |= other.nonAscii;
        if (other.masks != null) {
            masks().merge(other.masks);
        }
    }

    public long values() {
        return values;
    }

    public long withSpace() {
        return withSpace;
    }

    public double meanLength() {
        return values == 0 ? 0 : (double) totalLength / values;
    }

    /** The exact shortest length, or -1 without values. */
    public int minLength() {
        return values == 0 ? -1 : minLength;
    }

    /** The exact longest length, or -1 without values. */
    public int maxLength() {
        return maxLength;
    }

    /** The ASCII characters seen at {@code position} (below {@link #POSITIONS}), as a 128-entry mask. */
    public boolean[] seenAt(int position) {
        boolean[] seen = new boolean[128];
        for (int c = 0; c < 128; c++) {
            seen[c] = (ascii[2 * position + (c >> 6)] & (1L << (c & 63))) != 0;
        }
        return seen;
    }

    public boolean nonAsciiAt(int position) {
        return (nonAscii & (1L << position)) != 0;
    }

    /** The frequent-items sketch of masks, or null without values. Do not modify. */
    public ItemsSketch<String> maskSketch() {
        return masks;
    }

    private ItemsSketch<String> masks() {
        if (masks == null) {
            masks = new ItemsSketch<>(MAX_MASKS);
        }
        return masks;
    }

    /** Layout: values, withSpace, totalLength (longs), minLength, maxLength (ints), 64 ascii longs, nonAscii, then the mask sketch. */
    byte[] toBytes() {
        byte[] sketch = masks == null ? new byte[0] : masks.toByteArray(STRINGS);
        ByteBuffer buffer = ByteBuffer.allocate(8 * 3 + 4 * 2 + 8 * ascii.length + 8 + sketch.length);
        buffer.putLong(values).putLong(withSpace).putLong(totalLength).putInt(minLength).putInt(maxLength);
        for (long bits : ascii) {
            buffer.putLong(bits);
        }
        buffer.putLong(nonAscii).put(sketch);
        return buffer.array();
    }

    static ShapeStats fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        ShapeStats shape = new ShapeStats();
        shape.values = buffer.getLong();
        shape.withSpace = buffer.getLong();
        shape.totalLength = buffer.getLong();
        shape.minLength = buffer.getInt();
        shape.maxLength = buffer.getInt();
        for (int i = 0; i < shape.ascii.length; i++) {
            shape.ascii[i] = buffer.getLong();
        }
        shape.nonAscii = buffer.getLong();
        if (buffer.hasRemaining()) {
            byte[] sketch = Arrays.copyOfRange(bytes, buffer.position(), bytes.length);
            shape.masks = ItemsSketch.getInstance(Memory.wrap(sketch), STRINGS);
        }
        return shape;
    }
}
