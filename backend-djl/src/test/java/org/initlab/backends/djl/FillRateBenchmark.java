package org.initlab.backends.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Fill rate of initlab's initializers against libtorch's own random-normal fill (through DJL) of the same
 * size, in one JMH run: {@code he-normal} on 4096x4096 and {@code orthogonal} on 1024x1024, each against
 * {@code torch.randn}-style {@code NDManager.randomNormal} of that shape on the CPU. initlab fills a host
 * {@code float[]} (that is what every backend copies from); libtorch fills native memory in place.
 *
 * <p>Run (not part of the test suite), after {@code ./mvnw -q install -DskipTests}:
 * <pre>
 * ./mvnw -q -pl backend-djl dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * OMP_WAIT_POLICY=PASSIVE java -Doffline=true -DOPT_OUT_TRACKING=true \
 *   -cp backend-djl/target/test-classes:backend-djl/target/classes:$(cat backend-djl/target/cp.txt) \
 *   org.initlab.backends.djl.FillRateBenchmark
 * </pre>
 * It prints JMH's table and then, per size, the ratio initlab / libtorch in elements per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Doffline=true", "-DOPT_OUT_TRACKING=true", "-Dai.djl.offline=true"})
public class FillRateBenchmark {
    @Param({"4096"})
    int heSize;

    @Param({"1024"})
    int orthogonalSize;

    private Initializer heNormal;
    private Initializer orthogonal;
    private ParameterSpec heParameter;
    private ParameterSpec orthogonalParameter;
    private float[] heValues;
    private float[] orthogonalValues;
    private NDManager manager;
    private long round;

    /** Resolves the initializers and loads the engine once. */
    @Setup(Level.Trial)
    public void setUp() {
        new DjlBackendProvider().availability();
        InitializerRegistry registry = InitializerRegistry.load(FillRateBenchmark.class.getClassLoader());
        heNormal = registry.resolve("he-normal").initializer();
        orthogonal = registry.resolve("orthogonal").initializer();
        heParameter = ParameterSpec.weight("0.weight", TensorShape.of(heSize, heSize), LayerKind.DENSE,
                Nonlinearity.of("relu"));
        orthogonalParameter = ParameterSpec.weight("0.weight", TensorShape.of(orthogonalSize, orthogonalSize),
                LayerKind.DENSE, Nonlinearity.LINEAR);
        heValues = new float[heSize * heSize];
        orthogonalValues = new float[orthogonalSize * orthogonalSize];
        manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
    }

    /** Releases the native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** @return a checksum so the work cannot be eliminated */
    @Benchmark
    public float initlabHeNormal() {
        heNormal.initialize(heParameter, heValues, SeededRandom.of(round++));
        return heValues[heValues.length - 1];
    }

    /** @return a checksum */
    @Benchmark
    public float libtorchNormalForHe() {
        try (NDArray a = manager.randomNormal(0, (float) Math.sqrt(2.0 / heSize), new Shape(heSize, heSize),
                DataType.FLOAT32)) {
            return a.getFloat(heSize - 1, heSize - 1);
        }
    }

    /** @return a checksum */
    @Benchmark
    public float initlabOrthogonal() {
        orthogonal.initialize(orthogonalParameter, orthogonalValues, SeededRandom.of(round++));
        return orthogonalValues[orthogonalValues.length - 1];
    }

    /** @return a checksum */
    @Benchmark
    public float libtorchNormalForOrthogonal() {
        try (NDArray a = manager.randomNormal(0, 1, new Shape(orthogonalSize, orthogonalSize), DataType.FLOAT32)) {
            return a.getFloat(orthogonalSize - 1, orthogonalSize - 1);
        }
    }

    /**
     * Runs the benchmark and prints the ratios.
     *
     * @param args ignored
     * @throws Exception when JMH fails
     */
    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(FillRateBenchmark.class.getSimpleName()).build()).run();
        Map<String, Double> millis = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            millis.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        for (List<String> pair : List.of(List.of("initlabHeNormal", "libtorchNormalForHe", "he-normal 4096x4096"),
                List.of("initlabOrthogonal", "libtorchNormalForOrthogonal", "orthogonal 1024x1024"))) {
            double initlab = millis.get(pair.get(0));
            double torch = millis.get(pair.get(1));
            System.out.printf(Locale.ROOT, "%s: initlab %.2f ms, libtorch randn %.2f ms, fill-rate ratio "
                    + "initlab/libtorch = %.3f%n", pair.get(2), initlab, torch, torch / initlab);
        }
    }
}
