package dev.doppel.codec.registry;

import java.util.List;

/**
 * The registry's answer to "could this schema be registered as the next version?".
 *
 * @param compatible whether it could
 * @param messages the registry's explanation when it gives one (Confluent's {@code messages},
 *     Apicurio's {@code reason}); empty otherwise, never null
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
