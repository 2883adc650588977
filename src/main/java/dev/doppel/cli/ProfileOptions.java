package dev.doppel.cli;

import dev.doppel.codec.FieldType;
import dev.doppel.model.FieldModel;
import dev.doppel.model.ModelSnapshot;
import dev.doppel.profile.ProfileConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --profile FILE}: roles set by hand, for the commands that build or use a model. */
final class ProfileOptions {

    @Option(names = "--profile", paramLabel = "FILE",
            description = "YAML file of field roles that win over the inferred ones, e.g. 'fields: {idNum: identifier}'.")
    Path file;

    /** The profile file's roles, or none without {@code --profile}. */
    ProfileConfig read() {
        return file == null ? ProfileConfig.NONE : ProfileConfig.read(file);
    }

    /** Fails with one line if {@code profile} names a field {@code model} lacks or gives it a role its type cannot play. */
    static void check(ProfileConfig profile, ModelSnapshot model) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        for (FieldModel field : model.fields()) {
            types.put(field.name(), field.type());
        }
        profile.checkAgainst(types);
    }
}
