package org.initlab.runner.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runner sits beside the backends: it sees core (and through ServiceLoader the backends and initializers
 * on the executors' class path), never the launcher. That Spark stays inside it is app's ArchitectureTest.
 */
class SparkArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.initlab.runner.spark");

    @Test
    void theRunnerDependsOnCoreSparkAndScalaOnly() {
        classes().that().resideInAPackage("org.initlab.runner.spark..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.initlab.core..",
                        "org.initlab.runner.spark..", "org.apache.spark..", "scala..")
                .check(CLASSES);
    }
}
