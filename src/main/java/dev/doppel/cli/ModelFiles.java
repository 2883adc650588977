package dev.doppel.cli;

import dev.doppel.errors.BadInputException;
import dev.doppel.model.ModelFormat;
import dev.doppel.model.ModelSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps a model file up to date with the newest model ({@code learn --model-out}). The file is
 * replaced in one step (written beside it, then moved), so a reader never sees half a model.
 */
final class ModelFiles {

    private final Path file;
    private ModelSnapshot last;
    private long saved;

    /** @param file where to write; null to write nothing */
    ModelFiles(Path file) {
        this.file = file;
    }

    void saveIfNewer(ModelSnapshot model) {
        if (file == null || model == null || model == last) {
            return;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        ModelFormat.write(model, temporary);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BadInputException("cannot write model file " + file + ": " + e.getMessage(), e);
        }
        last = model;
        saved++;
    }

    long saved() {
        return saved;
    }
}
