package org.initlab.core.plugin;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apiguardian.api.API;
import org.initlab.core.provenance.ComponentOrigin;

/**
 * Finds the providers of a service with {@link ServiceLoader}: on the host's class path, then in each plugin
 * jar (only the providers defined by that jar, not those its parent loader also sees). A provider that fails
 * to load (missing class, throwing constructor) is reported in one line and the rest still load.
 */
@API(status = INTERNAL, since = "0.1")
public final class ServiceDiscovery {
    private ServiceDiscovery() {
    }

    /**
     * @param service the service interface
     * @param base    the host's class loader
     * @param plugins plugin jars
     * @param <S>     the service type
     * @return what was found and what failed
     */
    public static <S> Discovered<S> discover(Class<S> service, ClassLoader base, List<PluginJar> plugins) {
        List<Discovered.Found<S>> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (S provider : load(service, base, problems, "class path")) {
            found.add(new Discovered.Found<>(provider, "class path (" + location(provider.getClass()) + ")"));
        }
        for (PluginJar jar : plugins) {
            for (S provider : load(service, jar.loader(), problems, jar.path().toString())) {
                if (provider.getClass().getClassLoader() == jar.loader()) {
                    found.add(new Discovered.Found<>(provider, jar.describe(), new ComponentOrigin(
                            ComponentOrigin.Source.PLUGIN, jar.path().toString(), jar.version())));
                }
            }
        }
        return new Discovered<>(found, problems);
    }

    private static <S> List<S> load(Class<S> service, ClassLoader loader, List<String> problems, String where) {
        List<S> providers = new ArrayList<>();
        Iterator<S> it = ServiceLoader.load(service, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                providers.add(it.next());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                problems.add(service.getSimpleName() + " from " + where + " failed to load: "
                        + oneLine(e.getMessage()) + (cause != e ? " (" + oneLine(cause.toString()) + ")" : ""));
            }
        }
        return providers;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /**
     * @param type a class
     * @return the file name of the jar or folder it was loaded from, or its class name when unknown
     */
    public static String location(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return type.getName();
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return path.getFileName() == null ? path.toString() : path.getFileName().toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }
}
