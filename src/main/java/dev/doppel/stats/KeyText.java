package dev.doppel.stats;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Record keys as text for their statistics: UTF-8 when the bytes are valid UTF-8, lower-case hex otherwise. */
public final class KeyText {

    /** The name the key's {@link FieldStats} go under; not a field of the value. */
    public static final String FIELD_NAME = "(key)";

    private KeyText() {
    }

    public static String of(byte[] key) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return HexFormat.of().formatHex(key);
        }
    }
}
