package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles plugin sources written by a test into a plugin jar, so that tests can build deliberately broken plugins. */
final class TestPluginJars {
    private TestPluginJars() {
    }

    /**
     * @param work      a scratch directory
     * @param jar       the jar to write
     * @param sources   class name (e.g. {@code org.example.Foo}) to Java source
     * @param providers provider class names listed in META-INF/services for InitializerProvider
     * @return {@code jar}
     */
    static Path build(Path work, Path jar, Map<String, String> sources, List<String> providers) throws IOException {
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "-nowarn"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, args.toArray(String[]::new))).as("compiling the test plugin")
                .isZero();
        Path services = classes.resolve("META-INF/services/org.initlab.spi.InitializerProvider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", providers) + "\n");
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * A provider {@code name} whose initializer runs {@code body} (Java statements; {@code parameter},
     * {@code values} and {@code random} are in scope).
     */
    static String provider(String pkg, String className, String name, String body) {
        return "package " + pkg + ";\n"
                + "import org.initlab.spi.*;\n"
                + "public final class " + className + " implements InitializerProvider {\n"
                + "  public String name() { return " + (name == null ? "null" : "\"" + name + "\"") + "; }\n"
                + "  public String summary() { return \"test plugin\"; }\n"
                + "  public Initializer create(InitializerOptions options) {\n"
                + "    return new Initializer() {\n"
                + "      public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {\n"
                + "        " + body + "\n"
                + "      }\n"
                + "    };\n"
                + "  }\n"
                + "  static int recurse(int n) { return recurse(n + 1) + 1; }\n"
                + "  static int calls;\n"
                + "}\n";
    }
}
