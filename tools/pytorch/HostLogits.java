import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.host.HostTrace;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;

/**
 * initlab's logits for {@code check_forward.py}: reads a state written by {@code initlab init --out} into the host
 * network (initlab's reference forward, double precision) and runs a batch through it.
 *
 * <pre>java -cp 'app/target/initlab-app.jar:app/target/lib/*' tools/pytorch/HostLogits.java MODEL STATE INPUTS N OUT</pre>
 *
 * INPUTS holds N samples of the model's input width as little-endian float32; OUT receives the N x classes logits
 * as little-endian float64.
 */
public final class HostLogits {
    private HostLogits() {
    }

    public static void main(String[] args) throws IOException {
        Network network = ModelSpec.parse(args[0]);
        Map<String, TensorData> state = Safetensors.read(Path.of(args[1]));
        int n = Integer.parseInt(args[3]);
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[2]))).order(ByteOrder.LITTLE_ENDIAN);
        float[] inputs = new float[n * network.inputWidth()];
        in.asFloatBuffer().get(inputs);
        double[] logits;
        try (HostNetwork host = new HostNetwork(network, 1)) {
            HostTrace trace = host.forward(path -> {
                TensorData t = state.get(path);
                if (t == null) {
                    throw new IllegalArgumentException("the state has no tensor " + path);
                }
                return t.values();
            }, inputs, n);
            logits = trace.layerOutput(network.layers().size() - 1);
        }
        ByteBuffer out = ByteBuffer.allocate(8 * logits.length).order(ByteOrder.LITTLE_ENDIAN);
        out.asDoubleBuffer().put(logits);
        Files.write(Path.of(args[4]), out.array());
    }
}
