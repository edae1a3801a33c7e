package org.initlab.core.init;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.spi.TensorShape;

/**
 * One buffer of a model's state: a tensor that is not learned by gradient but is part of PyTorch's
 * {@code state_dict}, namely batch normalization's running statistics. They start as PyTorch starts them:
 * {@code running_mean} zeros and {@code running_var} ones of shape {@code [features]}, and
 * {@code num_batches_tracked} the scalar 0 (shape {@code []}; PyTorch keeps it as {@code torch.long}, so
 * writers store it as {@code int64}; here it is the float 0).
 *
 * @param path   the state_dict name, e.g. {@code 1.running_mean} or {@code 3.branch.1.num_batches_tracked}
 * @param kind   which buffer
 * @param shape  its shape
 * @param values its elements, {@code shape.elementCount()} of them; read-only by convention
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record StateBuffer(String path, Kind kind, TensorShape shape, float[] values) {
    /** The buffers of a batch normalization layer, in PyTorch's state_dict order. */
    public enum Kind {
        /** {@code running_mean}, starts at 0. */
        RUNNING_MEAN("running_mean"),
        /** {@code running_var}, starts at 1. */
        RUNNING_VAR("running_var"),
        /** {@code num_batches_tracked}, an integer counter, starts at 0. */
        NUM_BATCHES_TRACKED("num_batches_tracked");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        /** @return the last component of the buffer's state_dict name, e.g. {@code running_var} */
        public String suffix() {
            return suffix;
        }

        /** @return whether PyTorch stores it as an integer ({@code torch.long}) */
        public boolean integer() {
            return this == NUM_BATCHES_TRACKED;
        }
    }

    /** Validates the components. */
    public StateBuffer {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        if (values.length != shape.elementCount()) {
            throw new IllegalArgumentException("buffer " + path + " with shape " + shape + " needs "
                    + shape.elementCount() + " values, got " + values.length);
        }
    }

    /**
     * The buffers a freshly constructed {@code nn.BatchNorm1d/2d(features)} holds.
     *
     * @param prefix   the layer's module path, e.g. {@code 1} or {@code 3.branch.1}
     * @param features its features or channels
     * @return {@code running_mean} (zeros), {@code running_var} (ones), {@code num_batches_tracked} (0)
     */
    public static java.util.List<StateBuffer> batchNorm(String prefix, int features) {
        float[] ones = new float[features];
        java.util.Arrays.fill(ones, 1f);
        return java.util.List.of(
                new StateBuffer(prefix + "." + Kind.RUNNING_MEAN.suffix(), Kind.RUNNING_MEAN,
                        TensorShape.of(features), new float[features]),
                new StateBuffer(prefix + "." + Kind.RUNNING_VAR.suffix(), Kind.RUNNING_VAR,
                        TensorShape.of(features), ones),
                new StateBuffer(prefix + "." + Kind.NUM_BATCHES_TRACKED.suffix(), Kind.NUM_BATCHES_TRACKED,
                        TensorShape.of(), new float[1]));
    }
}
