package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apiguardian.api.API;

/** Discovery and choice of {@link TrialRunnerProvider}s. */
@API(status = EXPERIMENTAL, since = "0.1")
public final class TrialRunners {
    private TrialRunners() {
    }

    /**
     * @param loader the class loader to search
     * @return every runner provider on it, in {@link ServiceLoader} order
     */
    public static List<TrialRunnerProvider> discover(ClassLoader loader) {
        List<TrialRunnerProvider> providers = new ArrayList<>();
        ServiceLoader.load(TrialRunnerProvider.class, loader).forEach(providers::add);
        return List.copyOf(providers);
    }

    /**
     * Picks a runner by name.
     *
     * @param name      the requested name
     * @param providers the discovered runners
     * @param missing   a hint for a runner that is not on the class path (which module to add), or empty
     * @return the runner
     * @throws IllegalArgumentException for a name no provider has, listing the available ones and the hint
     */
    public static TrialRunnerProvider choose(String name, List<TrialRunnerProvider> providers, String missing) {
        for (TrialRunnerProvider p : providers) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        List<String> names = providers.stream().map(TrialRunnerProvider::name).toList();
        throw new IllegalArgumentException("runner '" + name + "' is not on the class path (available: "
                + String.join(", ", names) + ")" + (missing.isEmpty() ? "" : "; " + missing));
    }
}
