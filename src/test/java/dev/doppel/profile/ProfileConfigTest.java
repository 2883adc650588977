package dev.doppel.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doppel.codec.FieldType;
import dev.doppel.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileConfigTest {

    private static final Map<String, FieldType> STOPS = new LinkedHashMap<>(Map.of(
            "idNum", FieldType.STRING, "date", FieldType.TIMESTAMP, "policePrecinct", FieldType.LONG));

    @TempDir
    Path dir;

    @Test
    void aYamlFileMapsFieldsToRolesInAnySpelling() throws IOException {
        ProfileConfig profile = ProfileConfig.read(write("# roles by hand\nfields:\n  idNum: identifier\n  policePrecinct: Entity-Key\n"));
        assertThat(profile.roles()).containsExactly(Map.entry("idNum", FieldRole.IDENTIFIER), Map.entry("policePrecinct", FieldRole.ENTITY_KEY));
        profile.checkAgainst(STOPS);
    }

    @Test
    void jsonIsReadToo() throws IOException {
        assertThat(ProfileConfig.read(write("{\"fields\": {\"date\": \"event_time\"}}")).roleOf("date")).isEqualTo(FieldRole.EVENT_TIME);
    }

    @Test
    void anUnknownRoleIsOneLineNamingTheFieldAndTheRoles() throws IOException {
        Path file = write("fields:\n  idNum: identfier\n");
        assertThatThrownBy(() -> ProfileConfig.read(file)).isInstanceOf(BadInputException.class)
                .hasMessage("profile file " + file + ": field idNum: unknown role 'identfier' (roles: numeric, categorical, boolean, "
                        + "event_time, identifier, entity_key, text, state, entity_attribute)");
    }

    @Test
    void anUnknownFieldIsOneLineListingTheFieldsThereAre() throws IOException {
        Path file = write("fields:\n  idNm: identifier\n");
        ProfileConfig profile = ProfileConfig.read(file);
        assertThatThrownBy(() -> profile.checkAgainst(STOPS)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("profile file " + file + ": no field named 'idNm' in the data (fields: ")
                .hasMessageContaining("idNum");
    }

    @Test
    void aRoleTheTypeCannotPlayIsRefused() throws IOException {
        Path file = write("fields:\n  idNum: boolean\n");
        assertThatThrownBy(() -> ProfileConfig.read(file).checkAgainst(STOPS)).isInstanceOf(BadInputException.class)
                .hasMessage("profile file " + file + ": field idNum holds string values and cannot be boolean");
    }

    @Test
    void aMissingFileBadYamlAndAFileWithoutFieldsAreRefused() throws IOException {
        assertThatThrownBy(() -> ProfileConfig.read(dir.resolve("nope.yaml"))).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("nope.yaml not found");
        Path bad = write("fields: [unclosed\n");
        assertThatThrownBy(() -> ProfileConfig.read(bad)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("profile file " + bad + " is not valid YAML: ").hasMessageNotContaining("\n");
        Path flat = write("idNum: identifier\n");
        assertThatThrownBy(() -> ProfileConfig.read(flat)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected a 'fields' map of field name to role");
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "profile", ".yaml");
        Files.writeString(file, text);
        return file;
    }
}
