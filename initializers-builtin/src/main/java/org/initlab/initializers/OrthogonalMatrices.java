package org.initlab.initializers;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.qr.QRDecompositionHouseholderColumn_DDRM;
import org.initlab.spi.SeededRandom;

/**
 * Random orthogonal matrices as PyTorch's {@code orthogonal_} draws them (Saxe, McClelland and Ganguli 2014;
 * the sign correction from Mezzadri 2007, "How to generate random matrices from the classical compact
 * groups"): fill a {@code rows x cols} matrix with {@code N(0, 1)} in row-major order (one
 * {@link SeededRandom#nextGaussian()} per element), transpose it when {@code rows < cols}, take the reduced
 * QR decomposition {@code A = QR} (EJML's Householder QR, pure Java and deterministic), multiply column
 * {@code j} of {@code Q} by {@code sign(R[j][j])} so that the result is Haar distributed, and transpose back.
 * The result has orthonormal rows when {@code rows <= cols} and orthonormal columns otherwise.
 *
 * <p>A zero diagonal entry of {@code R} (probability zero) counts as positive here; PyTorch's
 * {@code sign(0) = 0} would zero that column.
 */
final class OrthogonalMatrices {
    private OrthogonalMatrices() {
    }

    /**
     * @param rows   number of rows, {@code >= 1}
     * @param cols   number of columns, {@code >= 1}
     * @param random the generator, {@code rows * cols} Gaussians are drawn
     * @return the matrix in row-major order, {@code rows * cols} values
     */
    static double[] random(int rows, int cols, SeededRandom random) {
        double[] normal = new double[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = random.nextGaussian();
        }
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows;
        int n = transpose ? rows : cols;
        DMatrixRMaj a = new DMatrixRMaj(m, n);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (transpose) {
                    a.unsafe_set(j, i, normal[i * cols + j]);
                } else {
                    a.unsafe_set(i, j, normal[i * cols + j]);
                }
            }
        }
        QRDecompositionHouseholderColumn_DDRM qr = new QRDecompositionHouseholderColumn_DDRM();
        if (!qr.decompose(a)) {
            throw new IllegalStateException("QR decomposition of a " + m + " x " + n + " Gaussian matrix failed");
        }
        DMatrixRMaj q = qr.getQ(null, true);
        DMatrixRMaj r = qr.getR(null, true);
        double[] out = new double[normal.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = r.unsafe_get(j, j) < 0 ? -q.unsafe_get(i, j) : q.unsafe_get(i, j);
                if (transpose) {
                    out[j * cols + i] = v;
                } else {
                    out[i * cols + j] = v;
                }
            }
        }
        return out;
    }
}
