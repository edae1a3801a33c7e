package org.initlab.core.init;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;

/**
 * The whole initial state of a model as PyTorch's {@code nn.Sequential(...).state_dict()} holds it: every
 * learnable parameter (as the plan materialized it) and every buffer (batch normalization's running statistics,
 * as a fresh PyTorch module starts them). Names are state_dict names: {@code 0.weight}, {@code 1.running_var},
 * {@code 3.branch.1.num_batches_tracked}, {@code 3.shortcut.1.running_mean}.
 *
 * @param parameters the learnable parameters, in network order
 * @param buffers    the buffers, in network order
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record InitialState(ParameterSet parameters, List<StateBuffer> buffers) {
    /** Validates and copies. */
    public InitialState {
        Objects.requireNonNull(parameters, "parameters");
        buffers = List.copyOf(buffers);
        for (StateBuffer b : buffers) {
            if (parameters.find(b.path()).isPresent()) {
                throw new IllegalArgumentException("buffer " + b.path() + " has the name of a parameter");
            }
        }
    }

    /**
     * @param network    the network the parameters belong to
     * @param parameters its initial parameters ({@link InitializationPlan#materialize})
     * @return the parameters with the network's buffers at their starting values
     */
    public static InitialState of(Network network, ParameterSet parameters) {
        return new InitialState(parameters, buffers(network));
    }

    /**
     * @param network a network
     * @return the buffers of its batch normalization layers (trunk, branches and shortcuts), at their starting
     *         values, in network order
     */
    public static List<StateBuffer> buffers(Network network) {
        List<StateBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < network.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            if (layer instanceof ResidualBlock block) {
                add(buffers, i + ".branch.", block.branch());
                add(buffers, i + ".shortcut.", block.shortcut());
            } else if (layer instanceof BatchNormLayer bn) {
                buffers.addAll(StateBuffer.batchNorm(String.valueOf(i), bn.features()));
            }
        }
        return List.copyOf(buffers);
    }

    private static void add(List<StateBuffer> buffers, String prefix, List<Layer> layers) {
        for (int j = 0; j < layers.size(); j++) {
            if (layers.get(j) instanceof BatchNormLayer bn) {
                buffers.addAll(StateBuffer.batchNorm(prefix + j, bn.features()));
            }
        }
    }

    /** @return every state_dict name, parameters first, each part in network order */
    public List<String> names() {
        List<String> names = new ArrayList<>(parameters.paths());
        buffers.forEach(b -> names.add(b.path()));
        return List.copyOf(names);
    }
}
