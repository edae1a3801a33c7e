package org.initlab.core.init;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.model.Network;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;
import org.initlab.spi.internal.SpecString;

/**
 * Which initializer fills which parameter: one for weights, one for biases (PyTorch's practice in
 * comparisons is zeros) and per-parameter overrides matched by path glob ({@code 4.*}, {@code *.bias},
 * {@code 0.weight}); the first matching override wins. Normalization layers' scale and shift are not
 * kernels: they start at 1 and 0 ({@link #NORMALIZATION_SCALE}, {@link #NORMALIZATION_SHIFT}) unless an
 * override names them; so do residual gates (1), scalar biases (0), a vision transformer's {@code class_token}
 * (0) and {@code pos_embedding} ({@code N(0, 0.02)}, torchvision's starts). A {@link StructureAwareInitializer}
 * for weights may claim such parameters (SkipInit starts the gates at 0) and checks the network first
 * ({@link #checkStructure(Network)}). Overrides may name the query, key and value rows of a transformer block's
 * fused {@code in_proj_weight} and {@code in_proj_bias} as {@code <i>.attn.q.weight}, {@code <i>.attn.k.bias} and
 * so on: a rule that is the first to match such a name and does not match the fused tensor's own path fills
 * those rows only, as a {@code [D, D]} matrix (or {@code [D]} vector) seeded by that name.
 *
 * @param weights   the initializer of every weight tensor
 * @param biases    the initializer of every bias tensor
 * @param overrides overrides by path glob, checked in order before the two defaults
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record InitializationPlan(NamedInitializer weights, NamedInitializer biases,
                                 List<ParameterOverride> overrides) {

    /** Validates and copies. */
    public InitializationPlan {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(biases, "biases");
        overrides = List.copyOf(overrides);
    }

    /** A normalization layer's scale ({@code weight}) starts at 1, as in PyTorch, unless an override names it. */
    public static final NamedInitializer NORMALIZATION_SCALE = new NamedInitializer("ones", new ConstantStarts.Constant(1f));
    /** The shift ({@code bias}) of a normalization layer starts at 0 unless an override matches its path. */
    public static final NamedInitializer NORMALIZATION_SHIFT = new NamedInitializer("zeros", new ConstantStarts.Constant(0f));

    /**
     * @param weights weight initializer
     * @param biases  bias initializer
     * @return a plan without overrides
     */
    public static InitializationPlan of(NamedInitializer weights, NamedInitializer biases) {
        return new InitializationPlan(weights, biases, List.of());
    }

    /**
     * @param parameter a parameter
     * @return the initializer that fills it
     */
    public NamedInitializer initializerFor(ParameterSpec parameter) {
        for (ParameterOverride o : overrides) {
            if (o.matches(parameter.path())) {
                return o.initializer();
            }
        }
        NamedInitializer constant = ConstantStarts.of(parameter);
        if (constant == null) {
            return parameter.role() == ParameterRole.BIAS ? biases : weights;
        }
        if (weights.initializer() instanceof StructureAwareInitializer aware && aware.claims(parameter)) {
            return weights;
        }
        return constant;
    }

    /**
     * Creates the initial parameters of a network. Parameter {@code p} is filled from
     * {@code SeededRandom.of(seed).fork("init").fork(p.path())}, so its values depend only on the seed, its
     * path, its description and its initializer: not on the backend, not on the order of layers.
     *
     * @param network the network
     * @param seed    the run seed
     * @return the parameters
     * @throws IllegalArgumentException when an initializer does not fit a parameter (the message names it),
     *                                  or when a weight's initializer is a {@link DataDependentInitializer}
     *                                  (it needs {@link #materialize(Network, long, Dataset)})
     * @throws InitializerFailedException when an initializer throws anything else or overflows the stack
     */
    public ParameterSet materialize(Network network, long seed) {
        Map<NamedInitializer, List<ParameterSpec>> refining = dataDependentWeights(network);
        if (!refining.isEmpty()) {
            Map.Entry<NamedInitializer, List<ParameterSpec>> first = refining.entrySet().iterator().next();
            String spec = first.getKey().spec();
            throw new IllegalArgumentException(SpecString.parse(spec).name() + " needs data: " + spec
                    + " rescales " + first.getValue().get(0).path() + " from forward passes of a batch of samples; "
                    + "use materialize(network, seed, probe) with a probe batch (compare and inspect pass one)");
        }
        return fill(network, seed);
    }

    /**
     * Creates the initial parameters of a network like {@link #materialize(Network, long)}, then lets every
     * {@link DataDependentInitializer} that fills weights refine them on a probe batch: in the order of their
     * first weight, each is called once with a {@link org.initlab.spi.LayerProbe} listing the weights it
     * filled and running the probe's samples forward through the whole network on the host (double
     * precision, deterministic). Plans without data-dependent initializers give exactly the tensors of
     * {@code materialize(network, seed)}. Labels of the probe are not used.
     *
     * @param network the network
     * @param seed    the run seed
     * @param probe   input samples for data-dependent initializers (compare uses a seeded sample of up to 256
     *                training samples); their feature count must be the network's input width
     * @return the parameters
     * @throws IllegalArgumentException when an initializer does not fit a parameter, the probe does not fit
     *                                  the network, or a data-dependent initializer cannot use the probe (the
     *                                  message names the initializer)
     * @throws InitializerFailedException when an initializer throws anything else or overflows the stack
     */
    public ParameterSet materialize(Network network, long seed, Dataset probe) {
        return materialize(network, seed, probe, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates the initial parameters like {@link #materialize(Network, long, Dataset)}, running the host passes
     * of data-dependent initializers on at most {@code threads} threads (the user's {@code --threads}); the
     * tensors are the same for every thread count.
     *
     * @param network the network
     * @param seed    the run seed
     * @param probe   input samples for data-dependent initializers
     * @param threads the most threads the host passes use, {@code >= 1}
     * @return the parameters
     * @throws IllegalArgumentException as {@link #materialize(Network, long, Dataset)}, or for threads below 1
     */
    public ParameterSet materialize(Network network, long seed, Dataset probe, int threads) {
        Objects.requireNonNull(probe, "probe");
        Map<NamedInitializer, List<ParameterSpec>> refining = dataDependentWeights(network);
        if (!refining.isEmpty() && (probe.featureCount() != network.inputWidth() || probe.size() == 0)) {
            throw new IllegalArgumentException("probe data '" + probe.name() + "' has " + probe.size()
                    + " samples of " + probe.featureCount() + " features but model " + network.spec()
                    + " needs at least one sample of " + network.inputWidth());
        }
        ParameterSet parameters = fill(network, seed);
        if (refining.isEmpty()) {
            return parameters;
        }
        int width = probe.featureCount();
        float[] inputs = new float[probe.size() * width];
        for (int i = 0; i < probe.size(); i++) {
            probe.copyFeatures(i, inputs, i * width);
        }
        try (HostNetwork host = new HostNetwork(network, threads)) {
            for (Map.Entry<NamedInitializer, List<ParameterSpec>> e : refining.entrySet()) {
                DataDependentInitializer initializer = (DataDependentInitializer) e.getKey().initializer();
                try {
                    initializer.refine(new HostLayerProbe(host, parameters, e.getValue(), inputs, probe.size()));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(e.getKey().spec() + " cannot refine its weights on '"
                            + probe.name() + "': " + ex.getMessage(), ex);
                } catch (RuntimeException | StackOverflowError ex) {
                    throw InitializerFailedException.of(e.getKey().spec(), "its weights (refining on '"
                            + probe.name() + "')", ex);
                }
            }
        }
        return parameters;
    }

    /**
     * @param network a network
     * @return whether some weight of the network is filled by a {@link DataDependentInitializer}, so that
     *         {@link #materialize(Network, long, Dataset)} needs a probe batch
     */
    public boolean needsData(Network network) {
        return !dataDependentWeights(network).isEmpty();
    }

    private Map<NamedInitializer, List<ParameterSpec>> dataDependentWeights(Network network) {
        Map<NamedInitializer, List<ParameterSpec>> map = new LinkedHashMap<>();
        for (ParameterSpec p : network.parameters()) {
            NamedInitializer initializer = initializerFor(p);
            if (p.role() == ParameterRole.WEIGHT && initializer.initializer() instanceof DataDependentInitializer) {
                map.computeIfAbsent(initializer, k -> new ArrayList<>()).add(p);
            }
        }
        return map;
    }

    /**
     * Lets every structure-aware initializer of the plan check the network before anything is filled (compare
     * and inspect call this through {@code materialize} before any training).
     *
     * @param network the network the plan fills
     * @throws IllegalArgumentException naming the initializer and what it needs, when the network does not fit
     */
    public void checkStructure(Network network) {
        List<ParameterSpec> parameters = network.parameters();
        List<NamedInitializer> all = new ArrayList<>(List.of(weights, biases));
        overrides.forEach(o -> all.add(o.initializer()));
        for (NamedInitializer named : all) {
            if (named.initializer() instanceof StructureAwareInitializer aware) {
                try {
                    aware.checkNetwork(parameters);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(named.spec() + " does not fit " + network.spec() + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    private ParameterSet fill(Network network, long seed) {
        checkStructure(network);
        SeededRandom init = SeededRandom.of(seed).fork("init");
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterSpec p : network.parameters()) {
            float[] values = new float[p.elementCount()];
            NamedInitializer initializer = initializerFor(p);
            try {
                initializer.initializer().initialize(p, values, init.fork(p.path()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(initializer.spec() + " cannot initialize " + p.path() + " "
                        + p.shape() + ": " + e.getMessage(), e);
            } catch (RuntimeException | StackOverflowError e) {
                throw InitializerFailedException.of(initializer.spec(), p.path() + " " + p.shape(), e);
            }
            QkvAliases.fillParts(p, values, overrides, init);
            tensors.add(new ParameterTensor(p, values));
        }
        return new ParameterSet(tensors);
    }

    /**
     * Warnings for overrides whose glob matches no parameter of a network (a typo such as {@code 4.wieght}
     * silently changes nothing otherwise).
     *
     * @param network the network the plan fills
     * @return one line per unmatched override, naming the rule, the model and its parameter paths; empty when
     *         every override matches
     */
    public List<String> unmatchedOverrideWarnings(Network network) {
        List<String> paths = network.parameters().stream().map(ParameterSpec::path).toList();
        List<String> aliases = QkvAliases.aliasPaths(network.parameters());
        List<String> warnings = new ArrayList<>();
        for (ParameterOverride o : overrides) {
            if (paths.stream().noneMatch(o::matches) && aliases.stream().noneMatch(o::matches)) {
                String shown = paths.size() <= 8 ? String.join(", ", paths)
                        : String.join(", ", paths.subList(0, 8)) + ", ... (" + paths.size() + " in all)";
                warnings.add("init rule '" + o.pathGlob() + "=" + o.initializer().spec() + "' matches no parameter of "
                        + network.spec() + " (its parameters: " + shown + ")");
            }
        }
        return List.copyOf(warnings);
    }

    /** @return a short description such as {@code he-normal, bias zeros} */
    public String describe() {
        StringBuilder sb = new StringBuilder(weights.spec()).append(", bias ").append(biases.spec());
        for (ParameterOverride o : overrides) {
            sb.append(", ").append(o.pathGlob()).append('=').append(o.initializer().spec());
        }
        return sb.toString();
    }

    /**
     * A per-parameter override.
     *
     * @param pathGlob    a glob over parameter paths where {@code *} matches any run of characters
     * @param initializer the initializer for matching parameters
     */
    public record ParameterOverride(String pathGlob, NamedInitializer initializer) {
        /** Validates the components. */
        public ParameterOverride {
            Objects.requireNonNull(pathGlob, "pathGlob");
            Objects.requireNonNull(initializer, "initializer");
        }

        /**
         * Parses a rule {@code GLOB=SPEC}, e.g. {@code 4.weight=orthogonal} or {@code *.bias=constant(0.1)}.
         *
         * @param rule     the rule text
         * @param registry resolves the spec
         * @return the override
         * @throws IllegalArgumentException for a rule without {@code =}, an empty glob, a glob with other
         *                                  characters than letters, digits, {@code _ . *}, or a bad spec (the
         *                                  message quotes the rule)
         */
        public static ParameterOverride parse(String rule, InitializerRegistry registry) {
            int eq = rule.indexOf('=');
            if (eq <= 0 || rule.substring(0, eq).isBlank() || rule.substring(0, eq).contains("(")) {
                throw new IllegalArgumentException("bad init rule '" + rule + "': expected PATH_GLOB=SPEC, e.g. "
                        + "'4.weight=xavier-normal' or '*.bias=constant(0.1)'");
            }
            String glob = rule.substring(0, eq).strip();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                        || c == '*')) {
                    throw new IllegalArgumentException("bad init rule '" + rule + "': the glob '" + glob + "' has '"
                            + c + "' at position " + (i + 1) + "; a glob holds letters, digits, '_', '.' and '*' "
                            + "(any run of characters), e.g. '4.weight' or '*.bias'");
                }
            }
            try {
                return new ParameterOverride(glob,
                        registry.resolve(rule.substring(eq + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad init rule '" + rule + "': " + e.getMessage(), e);
            }
        }

        /**
         * Parses rules with {@link #parse}, in order.
         *
         * @param rules    the rule texts
         * @param registry resolves the specs
         * @return the overrides, in the rules' order
         * @throws IllegalArgumentException for the first bad rule
         */
        public static List<ParameterOverride> parseAll(List<String> rules, InitializerRegistry registry) {
            List<ParameterOverride> overrides = new ArrayList<>(rules.size());
            for (String rule : rules) {
                overrides.add(parse(rule, registry));
            }
            return List.copyOf(overrides);
        }

        /**
         * @param path a parameter path
         * @return whether the glob matches it
         */
        public boolean matches(String path) {
            String regex = Arrays.stream(pathGlob.split("\\*", -1)).map(Pattern::quote)
                    .collect(Collectors.joining(".*"));
            return Pattern.matches(regex, path);
        }
    }
}
