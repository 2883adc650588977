package dev.doppel.model;

import dev.doppel.stats.ShapeStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * How to make up values of an identifier, entity key or text field that look like the real ones and
 * are provably none of them, without holding any real value. Immutable.
 *
 * <p>For texts: a few {@link Pattern}s (the most frequent masks), each a list of slots, one per
 * character, giving the characters that slot may take. Slots hold the characters seen at that
 * position in that character class (a digit where the mask has {@code 9}, and so on; a literal such
 * as {@code -} or {@code @} as itself). One slot, the <em>fresh</em> slot, holds instead only
 * characters of the class <em>never</em> seen at its position in any real value: so every value made
 * from the pattern differs from every real value (see {@link ShapeStats}). Where every position has
 * seen its whole class, the pattern is one character longer than the longest real value instead
 * ({@code freshSlot = -1}), which no real value is either.
 *
 * <p>For integers: {@code integersFrom}, one above the exact largest real value; values made up are
 * at least that.
 *
 * @param patterns     the patterns, most frequent first (empty for integers)
 * @param weights      each pattern's share
 * @param distinct     estimated distinct real values: the size of the pool entity keys are drawn from
 * @param unique       true if the real values were (nearly) all distinct: made-up values are unique too
 * @param integersFrom the smallest integer that may be made up, or null for texts
 */
public record IdentifierShape(List<Pattern> patterns, double[] weights, long distinct, boolean unique, Long integersFrom) {

    /** Patterns kept: the most frequent masks. */
    public static final int MAX_PATTERNS = 8;
    /**
     * Below this many distinct values, the characters seen at each position would spell out the few
     * real values, so slots take their whole class instead (only the fresh slot depends on what was
     * seen, and it holds what was <em>not</em>).
     */
    public static final long MIN_DISTINCT_FOR_POSITIONS = 50;

    /**
     * One shape of value: the characters each position may take, and which position makes it fresh.
     *
     * @param slots     per position, the characters allowed there (at least one each)
     * @param freshSlot the position whose characters were never seen there, or -1 if the pattern is
     *                  longer than any real value
     */
    public record Pattern(List<String> slots, int freshSlot) {
        public Pattern {
            slots = List.copyOf(slots);
            if (slots.isEmpty() || slots.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("a pattern needs at least one slot, each with at least one character");
            }
            if (freshSlot < -1 || freshSlot >= slots.size()) {
                throw new IllegalArgumentException("fresh slot " + freshSlot + " outside the pattern");
            }
        }

        /** The pattern as a mask, for tables: {@code 17-0[6-9]9999} reads as "17-0", a fresh digit, four digits. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            for (String slot : slots) {
                text.append(slot.length() == 1 ? slot : String.valueOf(ShapeStats.maskOf(slot.charAt(0))));
            }
            return text.toString();
        }
    }

    public IdentifierShape {
        patterns = List.copyOf(patterns);
        weights = weights.clone();
        if (patterns.size() != weights.length || (patterns.isEmpty() && integersFrom == null)) {
            throw new IllegalArgumentException("an identifier shape needs patterns with weights, or integersFrom");
        }
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** The shape of integers above the exact maximum {@code max}. */
    public static IdentifierShape integers(double max, long distinct, boolean unique) {
        long from = Double.isFinite(max) ? Math.max(0L, (long) Math.floor(max) + 1) : 0L;
        return new IdentifierShape(List.of(), new double[0], distinct, unique, from);
    }

    /** The shape of texts with statistics {@code shape}, or null if it has no masks. */
    public static IdentifierShape texts(ShapeStats shape, long distinct, boolean unique) {
        ItemsSketch<String> masks = shape == null ? null : shape.maskSketch();
        if (masks == null || masks.isEmpty()) {
            return null;
        }
        ItemsSketch.Row<String>[] rows = masks.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES);
        Arrays.sort(rows, Comparator.comparingLong((ItemsSketch.Row<String> row) -> row.getEstimate()).reversed()
                .thenComparing(ItemsSketch.Row::getItem));
        int kept = Math.min(MAX_PATTERNS, rows.length);
        List<Pattern> patterns = new ArrayList<>(kept);
        double[] weights = new double[kept];
        double total = 0;
        for (int i = 0; i < kept; i++) {
            total += rows[i].getEstimate();
        }
        for (int i = 0; i < kept; i++) {
            patterns.add(pattern(rows[i].getItem(), shape, Math.max(1, distinct), distinct >= MIN_DISTINCT_FOR_POSITIONS));
            weights[i] = rows[i].getEstimate() / total;
        }
        return new IdentifierShape(patterns, weights, distinct, unique, null);
    }

    /**
     * The slots of {@code mask}, and its fresh slot (see the class comment). Of the positions where
     * some characters of the class were never seen, the fresh one is the position that varied most
     * (the least conspicuous place for a new character; constant prefixes such as "17-" stay) among
     * those that still leave room for {@code target} distinct values; if none does, the one that
     * leaves the most room.
     */
    static Pattern pattern(String mask, ShapeStats shape, long target, boolean keepSeenCharacters) {
        List<String> slots = new ArrayList<>(mask.length() + 1);
        List<String> unseenSlots = new ArrayList<>(mask.length());
        double logCapacity = 0;
        for (int i = 0; i < mask.length(); i++) {
            char kind = mask.charAt(i);
            String alphabet = alphabet(kind);
            if (i >= ShapeStats.POSITIONS || alphabet.length() == 1) {
                slots.add(alphabet);
                unseenSlots.add("");
                logCapacity += Math.log(alphabet.length());
                continue;
            }
            boolean[] seen = shape.seenAt(i);
            StringBuilder seenHere = new StringBuilder();
            StringBuilder unseenHere = new StringBuilder();
            for (char c : alphabet.toCharArray()) {
                (seen[c] ? seenHere : unseenHere).append(c);
            }
            // A mask comes from a real value, so its class was seen here; guard a merged oddity anyway.
            String slot = seenHere.length() > 0 && keepSeenCharacters ? seenHere.toString() : alphabet;
            slots.add(slot);
            unseenSlots.add(seenHere.length() > 0 ? unseenHere.toString() : "");
            logCapacity += Math.log(slot.length());
        }
        double logTarget = Math.log(Math.max(1, target));
        int fresh = -1;
        boolean freshFits = false;
        double freshRoom = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < unseenSlots.size(); i++) {
            int unseen = unseenSlots.get(i).length();
            if (unseen == 0) {
                continue;
            }
            double room = logCapacity - Math.log(slots.get(i).length()) + Math.log(unseen);
            boolean fits = room >= logTarget;
            boolean better = fresh < 0
                    || (fits && !freshFits)
                    || (fits && slots.get(i).length() >= slots.get(fresh).length())
                    || (!fits && !freshFits && room > freshRoom);
            if (better) {
                fresh = i;
                freshFits = fits;
                freshRoom = room;
            }
        }
        if (fresh >= 0) {
            slots.set(fresh, unseenSlots.get(fresh));
            return new Pattern(slots, fresh);
        }
        // Every position saw its whole class: one character longer than the longest real value.
        String tail = alphabet(mask.isEmpty() ? '9' : mask.charAt(mask.length() - 1));
        while (slots.size() <= shape.maxLength()) {
            slots.add(tail.length() == 1 ? alphabet('9') : tail);
        }
        return new Pattern(slots, -1);
    }

    private static String alphabet(char kind) {
        return switch (kind) {
            case '9' -> "0123456789";
            case 'a' -> "abcdefghijklmnopqrstuvwxyz";
            case 'A' -> "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
            default -> String.valueOf(kind);
        };
    }
}
