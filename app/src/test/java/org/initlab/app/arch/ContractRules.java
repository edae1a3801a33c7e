package org.initlab.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The contracts of issue 13 as ArchUnit rules, shared by {@link ContractRulesTest} (the code keeps them) and
 * {@link ContractRulesCatchViolationsTest} (each one fails on a deliberately bad class).
 */
final class ContractRules {
    /** The classes that adapt DJL's PyTorch engine; only they may call its JNI layer directly. */
    static final Set<String> DJL_JNI_ADAPTERS = Set.of("DjlBackend", "DjlConvolution", "DjlNetwork",
            "DjlTrainingSession", "DjlTransformer");

    /** Every public top-level type of the SPI and of core says what is promised about it. */
    static final ArchRule API_STATUS_REQUIRED = classes()
            .that().resideInAnyPackage("org.initlab.spi..", "org.initlab.core..")
            .and().arePublic().and().areTopLevelClasses()
            .should().beAnnotatedWith(API.class)
            .as("public types of the SPI and of core are annotated @API(status = ...)");

    /** What lives in an internal package is marked INTERNAL, so the marking and the package agree. */
    static final ArchRule INTERNAL_PACKAGES_ARE_INTERNAL = classes()
            .that().resideInAPackage("org.initlab..internal..").and().arePublic().and().areTopLevelClasses()
            .should(haveStatus(API.Status.INTERNAL))
            .as("public types of internal packages are @API(status = INTERNAL)");

    /** A backend is a plug-in beside the others: none reaches into another. */
    static final ArchRule NO_BACKEND_DEPENDS_ON_ANOTHER = slices().matching("org.initlab.backends.(*)..")
            .should().notDependOnEachOther()
            .as("no backend depends on another");

    /** The Vector API is an incubator module: only the native backend's Vector* adapter classes touch it. */
    static final ArchRule VECTOR_API_CONFINED = noClasses()
            .that(DescribedPredicate.not(vectorAdapters()))
            .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
            .as("jdk.incubator.vector is used only by the native backend's Vector* adapter classes");

    /** DJL's JNI layer is PyTorch-version specific: only the named adapter classes call it. */
    static final ArchRule DJL_JNI_CONFINED = noClasses()
            .that(DescribedPredicate.not(djlJniAdapters()))
            .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch.jni..")
            .as("ai.djl.pytorch.jni is used only by the DJL backend's adapter classes " + DJL_JNI_ADAPTERS);

    /** Standard output belongs to the launcher: a library that prints corrupts piped JSON and CSV. */
    static final ArchRule ONLY_THE_APP_WRITES_TO_STDOUT = noClasses()
            .that().resideOutsideOfPackage("org.initlab.app..")
            .should().accessField(System.class, "out")
            .as("nothing but the app writes to System.out");

    /** No two packages of initlab depend on each other, at any depth. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.initlab.(**)")
            .should().beFreeOfCycles()
            .as("no package cycles");

    private ContractRules() {
    }

    private static DescribedPredicate<JavaClass> vectorAdapters() {
        return DescribedPredicate.describe("Vector* classes of a backend",
                c -> c.getPackageName().startsWith("org.initlab.backends.")
                        && topLevel(c).getSimpleName().startsWith("Vector"));
    }

    private static DescribedPredicate<JavaClass> djlJniAdapters() {
        return DescribedPredicate.describe("DJL adapter classes",
                c -> c.getPackageName().equals("org.initlab.backends.djl")
                        && DJL_JNI_ADAPTERS.contains(topLevel(c).getSimpleName()));
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    private static ArchCondition<JavaClass> haveStatus(API.Status status) {
        return new ArchCondition<>("be annotated @API(status = " + status + ")") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                boolean ok = item.tryGetAnnotationOfType(API.class).map(a -> a.status() == status).orElse(false);
                events.add(new SimpleConditionEvent(item, ok,
                        item.getName() + (ok ? " is " : " is not ") + "@API(status = " + status + ")"));
            }
        };
    }
}
