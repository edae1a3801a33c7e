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
 * SPI and tensor-formats only}, {@code tensor-formats <- JDK only}, {@code app} on top; Guice, picocli and Jackson only in {@code app}; no package cycles.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.initlab");

    @Test
    void allModulesAreImported() {
        assertThat(CLASSES.stream().map(c -> c.getPackageName()).distinct())
                .contains("org.initlab.spi", "org.initlab.initializers", "org.initlab.tensorformats",
                        "org.initlab.core.model", "org.initlab.app", "org.initlab.testkit.initializers",
                        "org.initlab.testkit.backend");
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
        // EJML is the linear-algebra library behind orthogonal's QR decomposition; pretrained reads tensor files
        classes().that().resideInAPackage("org.initlab.initializers..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.initlab.spi..", "org.initlab.initializers..", "org.ejml..",
                        "org.initlab.tensorformats..")
                .check(CLASSES);
    }

    @Test
    void tensorFormatsDependOnlyOnTheJdk() {
        classes().that().resideInAPackage("org.initlab.tensorformats..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.initlab.tensorformats..")
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
    void nothingButTestsUsesTheTestKits() {
        noClasses().that().resideOutsideOfPackage("org.initlab.testkit..")
                .should().dependOnClassesThat().resideInAPackage("org.initlab.testkit..")
                .check(CLASSES);
    }

    @Test
    void theInitializerKitDependsOnlyOnTheSpiJUnitAssertjAndStatistics() {
        classes().that().resideInAPackage("org.initlab.testkit.initializers..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.initlab.spi..",
                        "org.initlab.testkit.initializers..", "org.junit..", "org.assertj..",
                        "org.apache.commons.statistics..")
                .check(CLASSES);
    }

    @Test
    void theBackendKitDependsOnlyOnCoreJUnitAndAssertj() {
        classes().that().resideInAPackage("org.initlab.testkit.backend..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.initlab.spi..",
                        "org.initlab.core..", "org.initlab.testkit.backend..", "org.junit..", "org.assertj..")
                .check(CLASSES);
    }

    @Test
    void guicePicocliJacksonMetricsChartsAndStatisticsStayInTheApp() {
        // the initializer test kit's Kolmogorov-Smirnov test is Commons Statistics; the kit is test-only
        noClasses().that().resideOutsideOfPackages("org.initlab.app..", "org.initlab.testkit..")
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
    void sparkAndScalaStayInTheirRunner() {
        noClasses().that().resideOutsideOfPackage("org.initlab.runner.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
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
