package org.initlab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module dependency rules: {@code initializers-spi <- core <- backends}, {@code initializers-builtin <-
 * SPI only}, {@code app} on top; Guice, picocli and Jackson only in {@code app}; no package cycles.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.initlab");

    @Test
    void allModulesAreImported() {
        assertThat(CLASSES.stream().map(c -> c.getPackageName()).distinct())
                .contains("org.initlab.spi", "org.initlab.initializers", "org.initlab.core.model", "org.initlab.app");
    }

    @Test
    void theSpiDependsOnNothingButTheJdk() {
        // and the class-retention @API(status = ...) markers, which are never loaded at run time
        classes().that().resideInAPackage("org.initlab.spi..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.initlab.spi..", "org.apiguardian.api..")
                .check(CLASSES);
    }

    @Test
    void builtInInitializersDependOnlyOnTheSpi() {
        // EJML is the linear-algebra library behind orthogonal's QR decomposition
        classes().that().resideInAPackage("org.initlab.initializers..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.initlab.spi..", "org.initlab.initializers..", "org.ejml..")
                .check(CLASSES);
    }

    @Test
    void coreDependsOnlyOnTheSpiAndTheJdk() {
        classes().that().resideInAPackage("org.initlab.core..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.initlab.spi..", "org.initlab.core..", "org.apiguardian.api..")
                .check(CLASSES);
    }

    @Test
    void nothingBelowTheAppKnowsTheApp() {
        noClasses().that().resideOutsideOfPackage("org.initlab.app..")
                .should().dependOnClassesThat().resideInAPackage("org.initlab.app..")
                .check(CLASSES);
    }

    @Test
    void guicePicocliJacksonMetricsChartsAndStatisticsStayInTheApp() {
        noClasses().that().resideOutsideOfPackage("org.initlab.app..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("com.google.inject..", "picocli..", "com.fasterxml.jackson..", "jakarta.inject..",
                        "io.micrometer..", "org.jfree..", "org.apache.commons.statistics..", "com.sun.net.httpserver..")
                .check(CLASSES);
    }

    @Test
    void djlStaysInItsBackend() {
        noClasses().that().resideOutsideOfPackage("org.initlab.backends.djl..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .check(CLASSES);
    }

    @Test
    void backendsDoNotDependOnBuiltInInitializers() {
        noClasses().that().resideOutsideOfPackages("org.initlab.app..", "org.initlab.initializers..")
                .should().dependOnClassesThat().resideInAPackage("org.initlab.initializers..")
                .check(CLASSES);
    }

    @Test
    void modulesAndCorePackagesAreFreeOfCycles() {
        slices().matching("org.initlab.(*)..").should().beFreeOfCycles().check(CLASSES);
        slices().matching("org.initlab.core.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
