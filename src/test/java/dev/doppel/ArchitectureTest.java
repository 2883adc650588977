package dev.doppel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the flow one-way, as the package tree shows it (see DESIGN in the README). */
class ArchitectureTest {

    private static final JavaClasses DOPPEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.doppel");

    @Test
    void theSamplerHasNoKafkaImports() {
        noClasses().that().resideInAPackage("dev.doppel.sample..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(DOPPEL);
    }

    @Test
    void theModelSeesOnlyStatisticsAndRows() {
        noClasses().that().resideInAPackage("dev.doppel.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.doppel.learn..",
                        "dev.doppel.generate..", "dev.doppel.sample..", "dev.doppel.cluster..", "dev.doppel.evaluate..")
                .check(DOPPEL);
    }

    @Test
    void statisticsKnowNothingOfTheStagesThatUseThem() {
        noClasses().that().resideInAPackage("dev.doppel.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.doppel.model..", "dev.doppel.learn..",
                        "dev.doppel.generate..", "dev.doppel.sample..", "dev.doppel.evaluate..")
                .check(DOPPEL);
    }

    @Test
    void theProfileSeesOnlyStatisticsAndRows() {
        noClasses().that().resideInAPackage("dev.doppel.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.doppel.model..", "dev.doppel.learn..",
                        "dev.doppel.generate..", "dev.doppel.sample..", "dev.doppel.cluster..", "dev.doppel.evaluate..")
                .check(DOPPEL);
    }

    @Test
    void nothingInTheFlowDependsOnTheCommandLineOrTheEmbeddedInfrastructure() {
        noClasses().that().resideOutsideOfPackage("dev.doppel.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.doppel.cli..")
                .check(DOPPEL);
        noClasses().that().resideOutsideOfPackages("dev.doppel.cli..", "dev.doppel.embedded..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.doppel.embedded..")
                .check(DOPPEL);
    }
}
