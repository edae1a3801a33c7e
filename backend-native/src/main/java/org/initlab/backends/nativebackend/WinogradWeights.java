package org.initlab.backends.nativebackend;

/**
 * The filter side of Winograd's F(2x2, 3x3) for {@link NativeWinogradConv}: {@code U = G g G^T} for each 3x3
 * filter {@code g} and, going back, {@code dg = G^T dU G}, with
 * <pre>
 * G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]
 * </pre>
 * Element {@code xi = 4 a + c} of the 4x4 transform goes to row {@code xi * C_out + co} of {@code U} and
 * {@code dU} (and row {@code xi * C_in + ci}, column {@code co} of {@code U^T}). Scalar: a filter is 9 values.
 */
final class WinogradWeights {
    private WinogradWeights() {
    }

    /**
     * Transforms output channel {@code co}'s filters.
     *
     * @param filters {@code [C_in][3][3]} flattened (PyTorch's layout of one output channel)
     * @param co      the output channel
     * @param outputs {@code C_out}
     * @param u       receives {@code U} at column {@code ci}
     * @param inputs  {@code C_in}
     * @param ut      receives {@code U^T} at column {@code co}, or {@code null}
     */
    static void transformFilters(float[] filters, int co, int outputs, float[][] u, int inputs, float[][] ut) {
        for (int ci = 0; ci < inputs; ci++) {
            int g = ci * 9;
            for (int a = 0; a < 4; a++) {
                // row a of G g
                float r0 = rowOfG(a, filters[g], filters[g + 3], filters[g + 6]);
                float r1 = rowOfG(a, filters[g + 1], filters[g + 4], filters[g + 7]);
                float r2 = rowOfG(a, filters[g + 2], filters[g + 5], filters[g + 8]);
                for (int c = 0; c < 4; c++) {
                    float value = rowOfG(c, r0, r1, r2);
                    int xi = 4 * a + c;
                    u[xi * outputs + co][ci] = value;
                    if (ut != null) {
                        ut[xi * inputs + ci][co] = value;
                    }
                }
            }
        }
    }

    /** Element {@code a} of {@code G (x0, x1, x2)}. */
    private static float rowOfG(int a, float x0, float x1, float x2) {
        return switch (a) {
            case 0 -> x0;
            case 1 -> (x0 + x1 + x2) * 0.5f;
            case 2 -> (x0 - x1 + x2) * 0.5f;
            default -> x2;
        };
    }

    /**
     * Folds output channel {@code co}'s {@code dU} back into its filter gradients.
     *
     * @param du       {@code dU} rows
     * @param co       the output channel
     * @param outputs  {@code C_out}
     * @param gradient receives {@code [C_in][3][3]} flattened
     * @param inputs   {@code C_in}
     */
    static void filterGradient(float[][] du, int co, int outputs, float[] gradient, int inputs) {
        for (int ci = 0; ci < inputs; ci++) {
            for (int i = 0; i < 3; i++) {
                // row i of G^T dU
                float r0 = columnOfG(i, du, 0, co, outputs, ci);
                float r1 = columnOfG(i, du, 1, co, outputs, ci);
                float r2 = columnOfG(i, du, 2, co, outputs, ci);
                float r3 = columnOfG(i, du, 3, co, outputs, ci);
                int at = ci * 9 + 3 * i;
                gradient[at] = r0 + (r1 + r2) * 0.5f;
                gradient[at + 1] = (r1 - r2) * 0.5f;
                gradient[at + 2] = (r1 + r2) * 0.5f + r3;
            }
        }
    }

    /** Element {@code (i, c)} of {@code G^T dU}. */
    private static float columnOfG(int i, float[][] du, int c, int co, int outputs, int ci) {
        float x0 = du[c * outputs + co][ci];
        float x1 = du[(4 + c) * outputs + co][ci];
        float x2 = du[(8 + c) * outputs + co][ci];
        float x3 = du[(12 + c) * outputs + co][ci];
        return switch (i) {
            case 0 -> x0 + (x1 + x2) * 0.5f;
            case 1 -> (x1 - x2) * 0.5f;
            default -> (x1 + x2) * 0.5f + x3;
        };
    }
}
