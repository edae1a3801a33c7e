package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.spi.ParameterSpec;

/** Reading a layer's initial parameters and writing them out in PyTorch layout. */
final class LayerParameters {
    private LayerParameters() {
    }

    /**
     * @param set      the initial parameters
     * @param path     the parameter's path
     * @param expected the number of values the layer needs
     * @return the values (not copied)
     * @throws IllegalArgumentException when the path is missing or the length differs
     */
    static float[] values(ParameterSet set, String path, long expected) {
        ParameterTensor tensor = set.find(path).orElseThrow(() -> new IllegalArgumentException(
                "the parameters have no '" + path + "' (have " + set.paths() + ")"));
        if (tensor.values().length != expected) {
            throw new IllegalArgumentException("parameter " + path + " has " + tensor.values().length
                    + " values, the network needs " + expected);
        }
        return tensor.values();
    }

    /**
     * Splits row-major values into rows.
     *
     * @param values {@code rows * columns} values
     * @param rows   the number of rows
     * @param columns the row length
     * @return new rows
     */
    static float[][] rows(float[] values, int rows, int columns) {
        float[][] out = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * columns, out[r], 0, columns);
        }
        return out;
    }

    /**
     * Adds the concatenated rows as the next parameter's tensor.
     *
     * @param specs the parameter specs
     * @param rows  the rows, in PyTorch's row-major order
     * @param out   receives the tensor
     */
    static void add(Iterator<ParameterSpec> specs, float[][] rows, List<ParameterTensor> out) {
        int length = 0;
        for (float[] row : rows) {
            length += row.length;
        }
        float[] values = new float[length];
        int at = 0;
        for (float[] row : rows) {
            System.arraycopy(row, 0, values, at, row.length);
            at += row.length;
        }
        out.add(new ParameterTensor(specs.next(), values));
    }

    /**
     * Adds a copy of a vector as the next parameter's tensor.
     *
     * @param specs  the parameter specs
     * @param vector the values
     * @param out    receives the tensor
     */
    static void add(Iterator<ParameterSpec> specs, float[] vector, List<ParameterTensor> out) {
        out.add(new ParameterTensor(specs.next(), vector.clone()));
    }

    /**
     * Adds a weight kept transposed ({@code [inputs][outputs]} rows, as dense layers keep it) as the next
     * parameter's tensor in PyTorch's {@code [outputs][inputs]} order.
     *
     * @param specs   the parameter specs
     * @param rowsT   the transposed rows
     * @param outputs the weight's outputs
     * @param inputs  its inputs
     * @param out     receives the tensor
     */
    static void addTransposed(Iterator<ParameterSpec> specs, float[][] rowsT, int outputs, int inputs,
                              List<ParameterTensor> out) {
        float[] w = new float[outputs * inputs];
        for (int i = 0; i < inputs; i++) {
            float[] row = rowsT[i];
            for (int o = 0; o < outputs; o++) {
                w[o * inputs + i] = row[o];
            }
        }
        out.add(new ParameterTensor(specs.next(), w));
    }
}
