package dev.doppel.sample;

/**
 * Keys for synthetic entities: {@code syn-<stream>-<n>}, a counter under a prefix. A key depends only
 * on the generator's seed and how many entities came before, never on anything learned, so no real
 * key can reach the mirror through it. The one place to swap in keys shaped like the real ones.
 * Not thread-safe.
 */
public final class EntityKeys {

    private final String prefix;
    private long next;

    /** Keys whose prefix tells generators with different seeds apart. */
    public EntityKeys(long seed) {
        this.prefix = "syn-" + Long.toHexString(seed) + "-";
    }

    public String next() {
        return prefix + next++;
    }
}
