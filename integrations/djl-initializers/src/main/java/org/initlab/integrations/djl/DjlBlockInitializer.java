package org.initlab.integrations.djl;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.Gain;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * Initializes every parameter of an already-initialized DJL {@link Block} with initlab's initializers, by DJL's
 * parameter names, as initlab's own plans do:
 *
 * <pre>{@code
 * DjlBlockInitializer.of("orthogonal")                    // weights
 *         .withBiases("zeros")                              // biases (the default)
 *         .withRule("03Linear_weight=xavier-normal")       // first matching rule wins, globs over DJL names
 *         .withNonlinearity("relu")                         // what initializers that read it are told
 *         .withNonlinearity("03Linear_*", "linear")
 *         .initialize(block, 42);                           // or initialize(block, 42, probeBatch) for lsuv
 * }</pre>
 *
 * <p>Parameter {@code name} is filled from {@code SeededRandom.of(seed).fork("init").fork(name)}, so its values
 * depend only on the seed, its name, its shape and role, and its initializer: two runs with one seed give
 * identical weights, in any order, on any engine. Which initializer fills a parameter: the first rule whose glob
 * matches its name; else {@code ones} and {@code zeros} for a batch or layer norm's scale and shift; else the
 * bias initializer for biases and the weight initializer for everything else. A rule or nonlinearity rule that
 * matches no parameter is an error (a typo would otherwise change nothing).
 *
 * <p>Data-dependent initializers ({@code lsuv}) then refine their weights on a probe batch the caller passes,
 * with forward passes through DJL ({@link DjlLayerProbe}: along {@code SequentialBlock}s). Nothing is written
 * into the block until every parameter was filled, and the block's previous values are restored when a
 * refinement fails. Running statistics of batch norm are left as DJL set them (0 and 1).
 *
 * <p>Everything happens on the block's own arrays and the probe's manager: no engine is loaded here (see
 * {@link DjlOffline}). Immutable and thread-safe; a block must not be used elsewhere while it is initialized.
 */
@API(status = EXPERIMENTAL, since = "0.5")
public final class DjlBlockInitializer {
    private static final ResolvedInitializer ONES = new ResolvedInitializer("ones", (p, values, r) ->
            java.util.Arrays.fill(values, 1f));
    private static final ResolvedInitializer ZEROS = new ResolvedInitializer("zeros", (p, values, r) ->
            java.util.Arrays.fill(values, 0f));

    private final InitializerCatalog catalog;
    private final ResolvedInitializer weights;
    private final ResolvedInitializer biases;
    private final List<Rule<ResolvedInitializer>> rules;
    private final Nonlinearity nonlinearity;
    private final List<Rule<Nonlinearity>> nonlinearityRules;

    private record Rule<T>(String text, NameGlob glob, T value) {
    }

    private DjlBlockInitializer(InitializerCatalog catalog, ResolvedInitializer weights, ResolvedInitializer biases,
                                List<Rule<ResolvedInitializer>> rules, Nonlinearity nonlinearity,
                                List<Rule<Nonlinearity>> nonlinearityRules) {
        this.catalog = catalog;
        this.weights = weights;
        this.biases = biases;
        this.rules = List.copyOf(rules);
        this.nonlinearity = nonlinearity;
        this.nonlinearityRules = List.copyOf(nonlinearityRules);
    }

    /**
     * @param weightSpec the initializer of every weight, e.g. {@code orthogonal}, {@code lsuv}
     * @return an initializer with biases {@code zeros}, no rules, nonlinearity {@code linear}, resolving specs among
     *         the initializers on the class path
     * @throws IllegalArgumentException for a bad spec
     */
    public static DjlBlockInitializer of(String weightSpec) {
        return of(weightSpec, InitializerCatalog.discover());
    }

    /**
     * @param weightSpec the initializer of every weight
     * @param catalog    resolves this and later specs
     * @return an initializer with biases {@code zeros}, no rules, nonlinearity {@code linear}
     * @throws IllegalArgumentException for a bad spec
     */
    public static DjlBlockInitializer of(String weightSpec, InitializerCatalog catalog) {
        return new DjlBlockInitializer(catalog, catalog.resolve(weightSpec), catalog.resolve("zeros"), List.of(),
                Nonlinearity.LINEAR, List.of());
    }

    /**
     * @param biasSpec the initializer of every bias no rule names, e.g. {@code zeros} or {@code pytorch-default}
     * @return this initializer with that bias initializer
     * @throws IllegalArgumentException for a bad spec
     */
    public DjlBlockInitializer withBiases(String biasSpec) {
        return new DjlBlockInitializer(catalog, weights, catalog.resolve(biasSpec), rules, nonlinearity,
                nonlinearityRules);
    }

    /**
     * @param rule {@code GLOB=SPEC} over DJL parameter names, as initlab's {@code --init-rule}: e.g.
     *             {@code *_bias=constant(0.1)} or {@code 01Linear_weight=orthogonal}; rules are tried in the order
     *             they were added
     * @return this initializer with the rule added
     * @throws IllegalArgumentException for a rule without {@code =}, a bad glob or a bad spec (quoting the rule)
     */
    public DjlBlockInitializer withRule(String rule) {
        int eq = rule.indexOf('=');
        if (eq <= 0 || rule.substring(0, eq).contains("(")) {
            throw new IllegalArgumentException("bad init rule '" + rule + "': expected GLOB=SPEC over DJL parameter "
                    + "names, e.g. '01Linear_weight=orthogonal' or '*_bias=constant(0.1)'");
        }
        NameGlob glob = NameGlob.parse(rule, rule.substring(0, eq).strip());
        ResolvedInitializer initializer;
        try {
            initializer = catalog.resolve(rule.substring(eq + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad init rule '" + rule + "': " + e.getMessage(), e);
        }
        List<Rule<ResolvedInitializer>> more = new ArrayList<>(rules);
        more.add(new Rule<>(rule, glob, initializer));
        return new DjlBlockInitializer(catalog, weights, biases, more, nonlinearity, nonlinearityRules);
    }

    /**
     * @param name the nonlinearity that follows every layer no nonlinearity rule names ({@code relu}, {@code tanh},
     *             ... as PyTorch names them), what initializers that read it are told
     * @return this initializer with that default
     * @throws IllegalArgumentException for a name initlab has no gain for
     */
    public DjlBlockInitializer withNonlinearity(String name) {
        return new DjlBlockInitializer(catalog, weights, biases, rules, checked(name), nonlinearityRules);
    }

    /**
     * @param glob a glob over DJL parameter names, e.g. {@code 03Linear_*} for the output layer
     * @param name the nonlinearity that follows the matching parameters' layers
     * @return this initializer with the rule added (the first matching one wins)
     * @throws IllegalArgumentException for a bad glob or a name initlab has no gain for
     */
    public DjlBlockInitializer withNonlinearity(String glob, String name) {
        List<Rule<Nonlinearity>> more = new ArrayList<>(nonlinearityRules);
        String text = glob + "=" + name;
        more.add(new Rule<>(text, NameGlob.parse(text, glob.strip()), checked(name)));
        return new DjlBlockInitializer(catalog, weights, biases, rules, nonlinearity, more);
    }

    private static Nonlinearity checked(String name) {
        Gain.recommended(name, java.util.OptionalDouble.empty());
        return Nonlinearity.of(name);
    }

    /**
     * Initializes every learnable parameter of an initialized block.
     *
     * @param block the block, already initialized by DJL (so every parameter has its array and shape)
     * @param seed  the run seed
     * @return what filled each parameter, in {@link Block#getParameters()} order
     * @throws IllegalArgumentException when an initializer does not support a parameter's shape (one line naming
     *                                  the parameter, its shape and the problem), a rule matches nothing, the block
     *                                  is not initialized, or an initializer needs data
     */
    public List<InitializedParameter> initialize(Block block, long seed) {
        return initialize(block, seed, Optional.empty());
    }

    /**
     * Initializes every learnable parameter, then lets data-dependent initializers refine their weights on a probe
     * batch (in the order of their first weight, each once). Without data-dependent initializers the result is that
     * of {@link #initialize(Block, long)}.
     *
     * @param block the block, already initialized by DJL
     * @param seed  the run seed
     * @param probe a batch of input samples, {@code float32}, shaped as the block takes it ({@code [batch, 784]})
     * @return what filled each parameter
     * @throws IllegalArgumentException as {@link #initialize(Block, long)}, or when the probe cannot be used (a
     *                                  weight outside the SequentialBlock chain, a layer whose output variance is 0)
     */
    public List<InitializedParameter> initialize(Block block, long seed, NDArray probe) {
        return initialize(block, seed, Optional.of(Objects.requireNonNull(probe, "probe")));
    }

    private List<InitializedParameter> initialize(Block block, long seed, Optional<NDArray> probe) {
        List<DjlParameters.Found> found = DjlParameters.of(block);
        List<ParameterSpec> specs = new ArrayList<>();
        List<ResolvedInitializer> chosen = new ArrayList<>();
        for (DjlParameters.Found f : found) {
            ParameterSpec spec = DjlParameters.describe(f, nonlinearityFor(f.name()));
            specs.add(spec);
            chosen.add(initializerFor(spec));
        }
        checkRulesMatch(found);
        checkStructure(specs, chosen);
        Map<ResolvedInitializer, List<Integer>> refining = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).role() == ParameterRole.WEIGHT
                    && chosen.get(i).initializer() instanceof DataDependentInitializer) {
                refining.computeIfAbsent(chosen.get(i), k -> new ArrayList<>()).add(i);
            }
        }
        if (!refining.isEmpty() && probe.isEmpty()) {
            ResolvedInitializer first = refining.keySet().iterator().next();
            throw new IllegalArgumentException(first.spec() + " needs data: it rescales "
                    + specs.get(refining.get(first).get(0)).path() + " from forward passes of a batch of samples; "
                    + "use initialize(block, seed, probeBatch)");
        }
        Map<String, float[]> values = fill(found, specs, chosen, seed);
        Map<String, float[]> previous = new LinkedHashMap<>();
        for (DjlParameters.Found f : found) {
            previous.put(f.name(), f.parameter().getArray().toFloatArray());
        }
        write(found, values);
        try {
            for (Map.Entry<ResolvedInitializer, List<Integer>> e : refining.entrySet()) {
                List<ParameterSpec> probed = e.getValue().stream().map(specs::get).toList();
                List<DjlParameters.Found> owners = e.getValue().stream().map(found::get).toList();
                try {
                    ((DataDependentInitializer) e.getKey().initializer())
                            .refine(new DjlLayerProbe(block, probed, owners, values, probe.orElseThrow()));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(e.getKey().spec() + " cannot refine its weights on the probe "
                            + "batch: " + ex.getMessage(), ex);
                }
            }
            write(found, values);
        } catch (RuntimeException e) {
            write(found, previous);
            throw e;
        }
        List<InitializedParameter> done = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            done.add(new InitializedParameter(specs.get(i).path(), specs.get(i).shape(), chosen.get(i).spec(),
                    specs.get(i).nonlinearity()));
        }
        return List.copyOf(done);
    }

    private Nonlinearity nonlinearityFor(String name) {
        return nonlinearityRules.stream().filter(r -> r.glob().matches(name)).map(Rule::value).findFirst()
                .orElse(nonlinearity);
    }

    private ResolvedInitializer initializerFor(ParameterSpec spec) {
        for (Rule<ResolvedInitializer> rule : rules) {
            if (rule.glob().matches(spec.path())) {
                return rule.value();
            }
        }
        if (spec.layerKind() == LayerKind.NORMALIZATION) {
            ResolvedInitializer constant = spec.role() == ParameterRole.BIAS ? ZEROS : ONES;
            return weights.initializer() instanceof StructureAwareInitializer aware && aware.claims(spec)
                    ? weights : constant;
        }
        return spec.role() == ParameterRole.BIAS ? biases : weights;
    }

    private void checkRulesMatch(List<DjlParameters.Found> found) {
        List<String> names = found.stream().map(DjlParameters.Found::name).toList();
        List<Rule<?>> all = new ArrayList<>(rules);
        all.addAll(nonlinearityRules);
        for (Rule<?> rule : all) {
            if (names.stream().noneMatch(rule.glob()::matches)) {
                String shown = names.size() <= 12 ? String.join(", ", names)
                        : String.join(", ", names.subList(0, 12)) + ", ... (" + names.size() + " in all)";
                throw new IllegalArgumentException("rule '" + rule.text() + "' matches no parameter of the DJL block "
                        + "(its parameters: " + shown + ")");
            }
        }
    }

    private static void checkStructure(List<ParameterSpec> specs, List<ResolvedInitializer> chosen) {
        for (ResolvedInitializer r : new java.util.LinkedHashSet<>(chosen)) {
            if (r.initializer() instanceof StructureAwareInitializer aware) {
                try {
                    aware.checkNetwork(specs);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(r.spec() + " does not fit the DJL block: " + e.getMessage(), e);
                }
            }
        }
    }

    private static Map<String, float[]> fill(List<DjlParameters.Found> found, List<ParameterSpec> specs,
                                             List<ResolvedInitializer> chosen, long seed) {
        SeededRandom init = SeededRandom.of(seed).fork("init");
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            ParameterSpec p = specs.get(i);
            DataType type = found.get(i).parameter().getArray().getDataType();
            if (type != DataType.FLOAT32) {
                throw new IllegalArgumentException("parameter " + p.path() + " " + p.shape() + " is " + type
                        + "; the DJL adapter fills float32 parameters (cast the block after initializing it)");
            }
            float[] v = new float[p.elementCount()];
            try {
                chosen.get(i).initializer().initialize(p, v, init.fork(p.path()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(chosen.get(i).spec() + " cannot initialize parameter " + p.path()
                        + " " + p.shape() + ": " + e.getMessage(), e);
            }
            values.put(p.path(), v);
        }
        return values;
    }

    private static void write(List<DjlParameters.Found> found, Map<String, float[]> values) {
        for (DjlParameters.Found f : found) {
            f.parameter().getArray().set(values.get(f.name()));
        }
    }

    /** @return e.g. {@code orthogonal, bias zeros, 03Linear_weight=xavier-normal} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(weights.spec()).append(", bias ").append(biases.spec());
        rules.forEach(r -> sb.append(", ").append(r.glob().text()).append('=').append(r.value().spec()));
        return sb.toString();
    }
}
