package org.initlab.app.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@link ContractRules} rule fails on a deliberately bad class and passes on a good one. The classes are
 * compiled here from source, into a temporary directory, so that no bad class ever sits in the build's output
 * (and so that one of them can use the Vector API, an incubator module the app's tests are not compiled with).
 */
class ContractRulesCatchViolationsTest {
    private static final Map<String, String> SOURCES = Map.ofEntries(
            Map.entry("org.initlab.core.fixture.api.Unmarked", """
                    package org.initlab.core.fixture.api;
                    public class Unmarked {}
                    """),
            Map.entry("org.initlab.core.fixture.api.Marked", """
                    package org.initlab.core.fixture.api;
                    @org.apiguardian.api.API(status = org.apiguardian.api.API.Status.STABLE)
                    public class Marked {}
                    """),
            Map.entry("org.initlab.spi.internal.fixture.Promised", """
                    package org.initlab.spi.internal.fixture;
                    @org.apiguardian.api.API(status = org.apiguardian.api.API.Status.STABLE)
                    public class Promised {}
                    """),
            Map.entry("org.initlab.spi.internal.fixture.Hidden", """
                    package org.initlab.spi.internal.fixture;
                    @org.apiguardian.api.API(status = org.apiguardian.api.API.Status.INTERNAL)
                    public class Hidden {}
                    """),
            Map.entry("org.initlab.backends.alpha.UsesBeta", """
                    package org.initlab.backends.alpha;
                    public class UsesBeta { Object other = new org.initlab.backends.beta.Beta(); }
                    """),
            Map.entry("org.initlab.backends.beta.Beta", """
                    package org.initlab.backends.beta;
                    public class Beta {}
                    """),
            Map.entry("org.initlab.backends.gamma.SneakyVector", """
                    package org.initlab.backends.gamma;
                    class SneakyVector { int lanes() { return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(); } }
                    """),
            Map.entry("org.initlab.backends.gamma.VectorOps", """
                    package org.initlab.backends.gamma;
                    class VectorOps { int lanes() { return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(); } }
                    """),
            Map.entry("org.initlab.backends.delta.SneakyJni", """
                    package org.initlab.backends.delta;
                    class SneakyJni { int threads() { return ai.djl.pytorch.jni.JniUtils.getNumThreads(); } }
                    """),
            Map.entry("org.initlab.backends.djl.DjlNetwork", """
                    package org.initlab.backends.djl;
                    class DjlNetwork { int threads() { return ai.djl.pytorch.jni.JniUtils.getNumThreads(); } }
                    """),
            Map.entry("org.initlab.core.fixture.out.Chatty", """
                    package org.initlab.core.fixture.out;
                    class Chatty { void tell() { System.out.println("hello"); } }
                    """),
            Map.entry("org.initlab.core.fixture.out.Quiet", """
                    package org.initlab.core.fixture.out;
                    class Quiet { void tell(java.io.PrintStream to) { to.println("hello"); } }
                    """),
            Map.entry("org.initlab.core.fixture.cyca.A", """
                    package org.initlab.core.fixture.cyca;
                    public class A { org.initlab.core.fixture.cycb.B b; }
                    """),
            Map.entry("org.initlab.core.fixture.cycb.B", """
                    package org.initlab.core.fixture.cycb;
                    public class B { org.initlab.core.fixture.cyca.A a; }
                    """));

    @TempDir
    static Path classes;

    @BeforeAll
    static void compileTheFixtures(@TempDir Path sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path file = sources.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                    "--add-modules", "jdk.incubator.vector", "-proc:none", "-nowarn");
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files))
                    .call();
            assertThat(ok).as("fixtures compile: %s", diagnostics.getDiagnostics()).isTrue();
        }
    }

    private static JavaClasses load(String... packages) {
        return new ClassFileImporter().importPaths(Arrays.stream(packages)
                .map(p -> classes.resolve(p.replace('.', '/'))).toList());
    }

    private static void failsOn(ArchRule rule, JavaClasses classes, String culprit) {
        assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(culprit);
    }

    @Test
    void aPublicCoreTypeWithoutApiStatusFails() {
        failsOn(ContractRules.API_STATUS_REQUIRED, load("org.initlab.core.fixture.api"), "Unmarked");
        ContractRules.API_STATUS_REQUIRED.check(new ClassFileImporter()
                .importPath(classes.resolve("org/initlab/core/fixture/api/Marked.class")));
    }

    @Test
    void aPromisedTypeInAnInternalPackageFails() {
        failsOn(ContractRules.INTERNAL_PACKAGES_ARE_INTERNAL, load("org.initlab.spi.internal.fixture"),
                "Promised is not @API(status = INTERNAL)");
        assertThatThrownBy(() -> ContractRules.INTERNAL_PACKAGES_ARE_INTERNAL
                .check(load("org.initlab.spi.internal.fixture"))).message().doesNotContain("Hidden is not");
    }

    @Test
    void aBackendUsingAnotherFails() {
        failsOn(ContractRules.NO_BACKEND_DEPENDS_ON_ANOTHER,
                load("org.initlab.backends.alpha", "org.initlab.backends.beta"), "UsesBeta");
    }

    @Test
    void theVectorApiOutsideAVectorAdapterFails() {
        JavaClasses gamma = load("org.initlab.backends.gamma");
        failsOn(ContractRules.VECTOR_API_CONFINED, gamma, "SneakyVector");
        assertThatThrownBy(() -> ContractRules.VECTOR_API_CONFINED.check(gamma)).message()
                .doesNotContain("VectorOps");
    }

    @Test
    void djlJniOutsideItsAdaptersFails() {
        JavaClasses both = load("org.initlab.backends.delta", "org.initlab.backends.djl");
        failsOn(ContractRules.DJL_JNI_CONFINED, both, "SneakyJni");
        assertThatThrownBy(() -> ContractRules.DJL_JNI_CONFINED.check(both)).message()
                .doesNotContain("DjlNetwork.threads");
    }

    @Test
    void printingFromALibraryClassFails() {
        JavaClasses out = load("org.initlab.core.fixture.out");
        failsOn(ContractRules.ONLY_THE_APP_WRITES_TO_STDOUT, out, "Chatty");
        assertThatThrownBy(() -> ContractRules.ONLY_THE_APP_WRITES_TO_STDOUT.check(out)).message()
                .doesNotContain("Quiet");
    }

    @Test
    void aPackageCycleFails() {
        failsOn(ContractRules.NO_PACKAGE_CYCLES,
                load("org.initlab.core.fixture.cyca", "org.initlab.core.fixture.cycb"), "Cycle detected");
        ContractRules.NO_PACKAGE_CYCLES.check(load("org.initlab.core.fixture.cyca"));
    }
}
