package org.initlab.app.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** initlab's own classes keep the {@link ContractRules}. */
class ContractRulesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.initlab");

    @Test
    void everyPublicSpiAndCoreTypeHasAnApiStatus() {
        ContractRules.API_STATUS_REQUIRED.check(CLASSES);
    }

    @Test
    void internalPackagesHoldOnlyInternalTypes() {
        ContractRules.INTERNAL_PACKAGES_ARE_INTERNAL.check(CLASSES);
    }

    @Test
    void noBackendDependsOnAnother() {
        ContractRules.NO_BACKEND_DEPENDS_ON_ANOTHER.check(CLASSES);
    }

    @Test
    void theVectorApiAndDjlsJniStayInTheirAdapters() {
        ContractRules.VECTOR_API_CONFINED.check(CLASSES);
        ContractRules.DJL_JNI_CONFINED.check(CLASSES);
    }

    @Test
    void onlyTheAppWritesToStandardOutput() {
        ContractRules.ONLY_THE_APP_WRITES_TO_STDOUT.check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        ContractRules.NO_PACKAGE_CYCLES.check(CLASSES);
    }
}
