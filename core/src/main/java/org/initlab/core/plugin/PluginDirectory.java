package org.initlab.core.plugin;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The jars of a plugins directory, each in its own {@link URLClassLoader} whose parent is the host's class
 * loader, so plugins see initlab's SPI but not each other. Close it to release the jars.
 */
@API(status = INTERNAL, since = "0.1")
public final class PluginDirectory implements AutoCloseable {
    /** Environment variable of initlab's home directory; plugins live in its {@code plugins} folder. */
    public static final String HOME_ENVIRONMENT = "INITLAB_HOME";

    private final List<PluginJar> jars;
    private final List<String> problems;

    private PluginDirectory(List<PluginJar> jars, List<String> problems) {
        this.jars = List.copyOf(jars);
        this.problems = List.copyOf(problems);
    }

    /** @return a directory with no plugins */
    public static PluginDirectory empty() {
        return new PluginDirectory(List.of(), List.of());
    }

    /**
     * The default plugins directory: {@code $INITLAB_HOME/plugins}, else {@code ~/.initlab/plugins}.
     *
     * @param environment the environment variables
     * @param userHome    the user's home directory
     * @return the directory (it may not exist)
     */
    public static Path defaultLocation(Map<String, String> environment, Path userHome) {
        String home = environment.get(HOME_ENVIRONMENT);
        return home != null && !home.isBlank() ? Path.of(home, "plugins") : userHome.resolve(".initlab/plugins");
    }

    /**
     * Opens every {@code *.jar} of a directory, in file-name order. A missing directory means no plugins; a jar
     * that cannot be opened is reported in {@link #problems()} and skipped.
     *
     * @param directory the directory
     * @param parent    the class loader plugins see as their parent
     * @return the opened plugins
     * @throws IllegalArgumentException when {@code directory} exists but is not a directory
     */
    public static PluginDirectory open(Path directory, ClassLoader parent) {
        if (!Files.exists(directory)) {
            return empty();
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("plugins directory " + directory + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins directory " + directory + ": " + e.getMessage(), e);
        }
        List<PluginJar> jars = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                String version = version(file).orElse("unknown");
                URL url = file.toUri().toURL();
                jars.add(new PluginJar(file, version, new URLClassLoader("plugin:" + file.getFileName(),
                        new URL[] {url}, parent)));
            } catch (IOException e) {
                problems.add("plugin " + file + " cannot be opened: " + e.getMessage());
            }
        }
        return new PluginDirectory(jars, problems);
    }

    /** @return the opened jars in file-name order */
    public List<PluginJar> jars() {
        return jars;
    }

    /** @return one line per jar that could not be opened */
    public List<String> problems() {
        return problems;
    }

    private static Optional<String> version(Path file) throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            var manifest = jar.getManifest();
            return manifest == null ? Optional.empty()
                    : Optional.ofNullable(manifest.getMainAttributes().getValue("Implementation-Version"));
        } catch (MalformedURLException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        for (PluginJar jar : jars) {
            if (jar.loader() instanceof URLClassLoader u) {
                try {
                    u.close();
                } catch (IOException e) {
                    // closing only releases file handles; nothing to recover
                }
            }
        }
    }
}
