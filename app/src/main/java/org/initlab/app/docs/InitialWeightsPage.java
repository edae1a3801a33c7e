package org.initlab.app.docs;

import java.util.List;
import java.util.Optional;
import org.initlab.app.PytorchModules;
import org.initlab.core.Initlab;
import org.initlab.core.init.InitialState;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.init.StateBuffer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;

/**
 * Generates {@code docs/reference/initial-weights.md}: how {@code initlab init}'s file loads into PyTorch (the
 * equivalent module written out by {@link PytorchModules} for an MLP, a CNN and a residual CNN, so that the
 * listings cannot drift from the model grammar) and into DJL, with the file's tensor table computed from the
 * same initial state {@code init} writes.
 */
final class InitialWeightsPage {
    /** The examples: title, model spec, initializer, file name. */
    private record Example(String title, String model, String init, String file) {
    }

    private static final List<Example> EXAMPLES = List.of(
            new Example("An MLP", "mlp:784-512-128-10:relu", "he-normal", "mlp-init.safetensors"),
            new Example("A CNN with batch normalization", "cnn:1x28x28-c16k5-bn-p2-c32k5-bn-p2-f128-d0.5-10:relu",
                    "kaiming-normal(mode=fan_out)", "cnn-init.safetensors"),
            new Example("A residual CNN with gated blocks",
                    "cnn:1x12x12-c4k3p1-bn-[c4k3p1-bn-c4k3p1-bn-alpha]-[c8k3s2p1-bn-c8k3p1-bn-alpha]-gap-10:relu",
                    "skipinit", "resnet-init.safetensors"));

    private InitialWeightsPage() {
    }

    static String generate(InitializerRegistry registry) {
        StringBuilder md = new StringBuilder(ReferenceDocs.header("Initial weights for PyTorch and DJL"));
        md.append("""
                `initlab init` writes the whole initial state of a model into one safetensors file: every parameter,
                named as PyTorch's `nn.Sequential` names it in its `state_dict` (residual blocks as `3.branch.0.weight`,
                `3.shortcut.0.weight`, `3.branch.5.alpha`), and every buffer of batch normalization as a fresh PyTorch
                module holds it: `running_mean` zeros, `running_var` ones and `num_batches_tracked` the `int64` scalar 0
                (shape `[]`, as PyTorch keeps it), so that `load_state_dict(strict=True)` finds every key it expects.
                The tensors are bit for bit those `initlab compare` starts from with the same `--seed`, `--init`,
                `--bias-init` and `--init-rule`: data-dependent initializers such as `lsuv` refine on the same probe
                batch (256 samples of `--train-data`, after `--train-limit` and `--normalize`, drawn with the seed).
                The file's metadata holds `format=pt`, the model, the specs, the seed and the provenance
                (`initlab.provenance`: initlab and Java versions, each initializer's origin, the data's SHA-256).
                An existing file is replaced only with `--force`; the file is written to `FILE.tmp` and renamed.

                `--print-pytorch` prints the PyTorch module that computes what the initlab model computes, with every
                constructor argument (eps, momentum, stride, padding, groups, normalized shapes), and the line that
                loads the file. The listings below are generated from the model specs by the same code and checked by
                a test, so they cannot drift. `nn.RMSNorm` needs PyTorch 2.4 or newer.

                """);
        for (Example example : EXAMPLES) {
            Network network = ModelSpec.parse(example.model());
            InitializationPlan plan = InitializationPlan.of(registry.resolve(example.init()), registry.resolve("zeros"));
            InitialState state = Initlab.initialState(network, plan, 0, Optional.empty());
            md.append("## ").append(example.title()).append("\n\n```sh\n./initlab init --model '").append(example.model())
                    .append("' --init '").append(example.init()).append("' --seed 0 --out ").append(example.file())
                    .append(" --print-pytorch\n```\n\n```python\n")
                    .append(PytorchModules.of(network).script(example.file())).append("```\n\n");
            md.append("| tensor | shape | dtype |\n|---|---|---|\n");
            for (ParameterTensor t : state.parameters().tensors()) {
                md.append("| `").append(t.spec().path()).append("` | ").append(t.spec().shape()).append(" | F32 |\n");
            }
            for (StateBuffer b : state.buffers()) {
                md.append("| `").append(b.path()).append("` | ").append(b.shape()).append(" | ")
                        .append(b.kind().integer() ? "I64" : "F32").append(" |\n");
            }
            md.append('\n');
        }
        md.append("""
                ## DJL

                DJL 0.36 reads safetensors itself: `NDList.decode(manager, inputStream)` gives one `NDArray` per tensor,
                named by `getName()` with the state_dict name. DJL's `Linear` and `Conv2d` keep their weights in
                PyTorch's layouts (`[out, in]`, `[out, in/groups, k, k]`), so each array is copied into the DJL
                parameter that plays the same role; DJL names parameters differently (`01Linear_weight`), so the
                application maps names itself, in block order:

                ```java
                try (NDManager manager = NDManager.newBaseManager();
                     InputStream in = Files.newInputStream(Path.of("mlp-init.safetensors"))) {
                    NDList state = NDList.decode(manager, in);
                    Map<String, NDArray> byName = new HashMap<>();
                    state.forEach(array -> byName.put(array.getName(), array));
                    // for example: block.getParameters().get("01Linear_weight").getArray().set(byName.get("0.weight").toFloatArray())
                }
                ```

                Without an NDManager at hand, initlab's own reader gives the same tensors as plain arrays:
                `org.initlab.tensorformats.Safetensors.read(path)` returns a `Map<String, TensorData>` (shape and
                row-major `float` values; the `I64` counters come back as floats). To initialize a DJL model directly
                with initlab's initializers, by DJL parameter name and seed, without a file, use the DJL adapter in
                `integrations/djl-initializers`.

                Applications that embed initlab get the same state in memory:
                `Initlab.discover().initialState(InitialStateRequest.of(model, init).withSeed(seed))` returns the
                `InitialState` (`parameters()` and `buffers()`) that `initlab init` writes.
                """);
        return md.toString();
    }
}
