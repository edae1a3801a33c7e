package org.initlab.backends.nativebackend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The data transforms of Winograd's minimal filtering algorithm F(2x2, 3x3) (Lavin and Gray 2016, "Fast
 * Algorithms for Convolutional Neural Networks", section 4.1) for {@link NativeWinogradConv}, one tile row at a
 * time, with one vector lane per tile: {@code V = B^T d B} (input), {@code Y = A^T M A} (output),
 * {@code dM = A dY A^T} (output gradient) and {@code dd = B dV B^T} (input gradient), where
 * <pre>
 * B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]     A^T = [1 1 1 0; 0 1 -1 -1]
 * </pre>
 * Tile {@code j} of a row starts at column {@code 2j} of its 4-row input strip, so its lanes read every other
 * column. Rows are therefore kept split ("deinterleaved"): a padded row holds its even columns, then from
 * {@code half} its odd ones, and tile {@code j} reads even {@code j}, odd {@code j}, even {@code j + 1} and odd
 * {@code j + 1}, each a plain vector load (JDK 17 compiles two-vector shuffles and gathers to slow generic code).
 * Output rows come out split the same way; the caller interleaves them. Transformed values go to rows
 * {@code xi * stride + rowBase}, {@code xi = 4 a + c}, at the tile's column.
 *
 * <p>A call covers {@code tiles} tiles in blocks of one vector; lanes past {@code tiles} compute values that
 * callers ignore (they are stored past the row's last tile), except in the input gradient, where they are masked
 * to zero because its strips overlap. Only {@link NativeWinogradConv} calls this class, and only when
 * {@link Kernels#vectorActive()}. Preferred species only (see {@link VectorPatches}).
 */
final class VectorWinograd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private VectorWinograd() {
    }

    /** @return tiles per vector */
    static int lanes() {
        return V;
    }

    /**
     * The input transform of one tile row.
     *
     * @param pad     zero-padded input plane, split rows of {@code width}
     * @param strip   index of the strip's first element (row {@code 2 i} of the padded plane)
     * @param width   padded row length
     * @param half    where a row's odd columns start
     * @param out     transformed rows
     * @param rowBase row offset of {@code xi = 0}
     * @param stride  rows between consecutive {@code xi}
     * @param column  the first tile's column
     * @param tiles   tiles in the row
     */
    static void input(float[] pad, int strip, int width, int half, float[][] out, int rowBase, int stride,
                      int column, int tiles) {
        for (int j = 0; j < tiles; j += V) {
            int x = strip + j;
            FloatVector d00 = FloatVector.fromArray(S, pad, x);
            FloatVector d01 = FloatVector.fromArray(S, pad, x + half);
            FloatVector d02 = FloatVector.fromArray(S, pad, x + 1);
            FloatVector d03 = FloatVector.fromArray(S, pad, x + half + 1);
            x += width;
            FloatVector d10 = FloatVector.fromArray(S, pad, x);
            FloatVector d11 = FloatVector.fromArray(S, pad, x + half);
            FloatVector d12 = FloatVector.fromArray(S, pad, x + 1);
            FloatVector d13 = FloatVector.fromArray(S, pad, x + half + 1);
            x += width;
            FloatVector d20 = FloatVector.fromArray(S, pad, x);
            FloatVector d21 = FloatVector.fromArray(S, pad, x + half);
            FloatVector d22 = FloatVector.fromArray(S, pad, x + 1);
            FloatVector d23 = FloatVector.fromArray(S, pad, x + half + 1);
            x += width;
            FloatVector d30 = FloatVector.fromArray(S, pad, x);
            FloatVector d31 = FloatVector.fromArray(S, pad, x + half);
            FloatVector d32 = FloatVector.fromArray(S, pad, x + 1);
            FloatVector d33 = FloatVector.fromArray(S, pad, x + half + 1);
            int at = column + j;
            // rows of B^T d (d0 - d2, d1 + d2, d2 - d1, d1 - d3), then each times B (the same on columns);
            // written out: a vector passed to a call that is not inlined gets boxed
            FloatVector t0 = d00.sub(d20);
            FloatVector t1 = d01.sub(d21);
            FloatVector t2 = d02.sub(d22);
            FloatVector t3 = d03.sub(d23);
            int row = rowBase;
            t0.sub(t2).intoArray(out[row], at);
            t1.add(t2).intoArray(out[row + stride], at);
            t2.sub(t1).intoArray(out[row + 2 * stride], at);
            t1.sub(t3).intoArray(out[row + 3 * stride], at);
            t0 = d10.add(d20);
            t1 = d11.add(d21);
            t2 = d12.add(d22);
            t3 = d13.add(d23);
            row += 4 * stride;
            t0.sub(t2).intoArray(out[row], at);
            t1.add(t2).intoArray(out[row + stride], at);
            t2.sub(t1).intoArray(out[row + 2 * stride], at);
            t1.sub(t3).intoArray(out[row + 3 * stride], at);
            t0 = d20.sub(d10);
            t1 = d21.sub(d11);
            t2 = d22.sub(d12);
            t3 = d23.sub(d13);
            row += 4 * stride;
            t0.sub(t2).intoArray(out[row], at);
            t1.add(t2).intoArray(out[row + stride], at);
            t2.sub(t1).intoArray(out[row + 2 * stride], at);
            t1.sub(t3).intoArray(out[row + 3 * stride], at);
            t0 = d10.sub(d30);
            t1 = d11.sub(d31);
            t2 = d12.sub(d32);
            t3 = d13.sub(d33);
            row += 4 * stride;
            t0.sub(t2).intoArray(out[row], at);
            t1.add(t2).intoArray(out[row + stride], at);
            t2.sub(t1).intoArray(out[row + 2 * stride], at);
            t1.sub(t3).intoArray(out[row + 3 * stride], at);
        }
    }

    /**
     * The output transform of one tile row, plus the bias: output rows {@code 2 i} and {@code 2 i + 1}, split, in
     * {@code rows}: the even columns of row {@code 2 i} from index 0, its odd columns from {@code span}, then row
     * {@code 2 i + 1}'s from {@code 2 span} and {@code 3 span}.
     *
     * @param m       transformed products, rows {@code xi * stride + rowBase}
     * @param rowBase row offset of {@code xi = 0}
     * @param stride  rows between consecutive {@code xi}
     * @param column  the first tile's column
     * @param tiles   tiles in the row
     * @param bias    added to every output
     * @param rows    receives the two output rows
     * @param span    {@code tiles} rounded up to whole vectors
     */
    static void output(float[][] m, int rowBase, int stride, int column, int tiles, float bias, float[] rows,
                       int span) {
        FloatVector b = FloatVector.broadcast(S, bias);
        for (int j = 0; j < tiles; j += V) {
            int at = column + j;
            FloatVector m00 = FloatVector.fromArray(S, m[rowBase], at);
            FloatVector m01 = FloatVector.fromArray(S, m[rowBase + stride], at);
            FloatVector m02 = FloatVector.fromArray(S, m[rowBase + 2 * stride], at);
            FloatVector m03 = FloatVector.fromArray(S, m[rowBase + 3 * stride], at);
            FloatVector m10 = FloatVector.fromArray(S, m[rowBase + 4 * stride], at);
            FloatVector m11 = FloatVector.fromArray(S, m[rowBase + 5 * stride], at);
            FloatVector m12 = FloatVector.fromArray(S, m[rowBase + 6 * stride], at);
            FloatVector m13 = FloatVector.fromArray(S, m[rowBase + 7 * stride], at);
            FloatVector m20 = FloatVector.fromArray(S, m[rowBase + 8 * stride], at);
            FloatVector m21 = FloatVector.fromArray(S, m[rowBase + 9 * stride], at);
            FloatVector m22 = FloatVector.fromArray(S, m[rowBase + 10 * stride], at);
            FloatVector m23 = FloatVector.fromArray(S, m[rowBase + 11 * stride], at);
            FloatVector m30 = FloatVector.fromArray(S, m[rowBase + 12 * stride], at);
            FloatVector m31 = FloatVector.fromArray(S, m[rowBase + 13 * stride], at);
            FloatVector m32 = FloatVector.fromArray(S, m[rowBase + 14 * stride], at);
            FloatVector m33 = FloatVector.fromArray(S, m[rowBase + 15 * stride], at);
            // A^T M: row 0 = m0 + m1 + m2, row 1 = m1 - m2 - m3
            FloatVector s00 = m00.add(m10).add(m20);
            FloatVector s01 = m01.add(m11).add(m21);
            FloatVector s02 = m02.add(m12).add(m22);
            FloatVector s03 = m03.add(m13).add(m23);
            FloatVector s10 = m10.sub(m20).sub(m30);
            FloatVector s11 = m11.sub(m21).sub(m31);
            FloatVector s12 = m12.sub(m22).sub(m32);
            FloatVector s13 = m13.sub(m23).sub(m33);
            // times A
            FloatVector y00 = s00.add(s01).add(s02).add(b);
            FloatVector y01 = s01.sub(s02).sub(s03).add(b);
            FloatVector y10 = s10.add(s11).add(s12).add(b);
            FloatVector y11 = s11.sub(s12).sub(s13).add(b);
            y00.intoArray(rows, j);
            y01.intoArray(rows, span + j);
            y10.intoArray(rows, 2 * span + j);
            y11.intoArray(rows, 3 * span + j);
        }
    }


    /**
     * The output-gradient transform {@code dM = A dY A^T} of one tile row.
     *
     * @param rows    output-gradient rows {@code 2 i} and {@code 2 i + 1}, split as {@link #output} writes them,
     *                zero past the output's width and height
     * @param span    {@code tiles} rounded up to whole vectors
     * @param out     transformed rows
     * @param rowBase row offset of {@code xi = 0}
     * @param stride  rows between consecutive {@code xi}
     * @param column  the first tile's column
     * @param tiles   tiles in the row
     */
    static void outputGradient(float[] rows, int span, float[][] out, int rowBase, int stride, int column,
                               int tiles) {
        for (int j = 0; j < tiles; j += V) {
            FloatVector e0 = FloatVector.fromArray(S, rows, j);
            FloatVector o0 = FloatVector.fromArray(S, rows, span + j);
            FloatVector e1 = FloatVector.fromArray(S, rows, 2 * span + j);
            FloatVector o1 = FloatVector.fromArray(S, rows, 3 * span + j);
            int at = column + j;
            // A dY: rows dY0, dY0 + dY1, dY0 - dY1, -dY1; each times A^T: (w0, w0 + w1, w0 - w1, -w1)
            int row = rowBase;
            FloatVector w0 = e0;
            FloatVector w1 = o0;
            w0.intoArray(out[row], at);
            w0.add(w1).intoArray(out[row + stride], at);
            w0.sub(w1).intoArray(out[row + 2 * stride], at);
            w1.neg().intoArray(out[row + 3 * stride], at);
            row += 4 * stride;
            w0 = e0.add(e1);
            w1 = o0.add(o1);
            w0.intoArray(out[row], at);
            w0.add(w1).intoArray(out[row + stride], at);
            w0.sub(w1).intoArray(out[row + 2 * stride], at);
            w1.neg().intoArray(out[row + 3 * stride], at);
            row += 4 * stride;
            w0 = e0.sub(e1);
            w1 = o0.sub(o1);
            w0.intoArray(out[row], at);
            w0.add(w1).intoArray(out[row + stride], at);
            w0.sub(w1).intoArray(out[row + 2 * stride], at);
            w1.neg().intoArray(out[row + 3 * stride], at);
            row += 4 * stride;
            w0 = e1.neg();
            w1 = o1.neg();
            w0.intoArray(out[row], at);
            w0.add(w1).intoArray(out[row + stride], at);
            w0.sub(w1).intoArray(out[row + 2 * stride], at);
            w1.neg().intoArray(out[row + 3 * stride], at);
        }
    }

    /**
     * The input-gradient transform {@code dd = B dV B^T} of one tile row, added into its 4-row strip of a padded
     * plane (the strips of neighbouring tiles and tile rows overlap). In two steps, {@code B dV} into
     * {@code staging} and then each row times {@code B^T} added to the plane, so that neither method outgrows what
     * HotSpot inlines (a vector passed to or returned from a call that is not inlined gets boxed).
     *
     * @param dv      transformed gradients, rows {@code xi * stride + rowBase}
     * @param rowBase row offset of {@code xi = 0}
     * @param stride  rows between consecutive {@code xi}
     * @param column  the first tile's column
     * @param tiles   tiles in the row
     * @param pad     padded input-gradient plane, split rows of {@code width}
     * @param strip   index of the strip's first element
     * @param width   padded row length
     * @param half    where a row's odd columns start
     * @param staging room for 16 vectors
     */
    static void inputGradient(float[][] dv, int rowBase, int stride, int column, int tiles, float[] pad, int strip,
                              int width, int half, float[] staging) {
        for (int j = 0; j < tiles; j += V) {
            leftProduct(dv, rowBase, stride, column + j, Math.min(V, tiles - j), staging);
            int x = strip + j;
            for (int u = 0; u < 4; u++) {
                // row u of (B dV) B^T: (e0, e1 - e2 + e3, e1 + e2 - e0, -e3) at columns 2j + (0, 1, 2, 3), that is
                // even j, odd j, even j + 1 and odd j + 1 of the split row
                FloatVector e0 = FloatVector.fromArray(S, staging, 4 * u * V);
                FloatVector e1 = FloatVector.fromArray(S, staging, (4 * u + 1) * V);
                FloatVector e2 = FloatVector.fromArray(S, staging, (4 * u + 2) * V);
                FloatVector e3 = FloatVector.fromArray(S, staging, (4 * u + 3) * V);
                int r = x + u * width;
                FloatVector.fromArray(S, pad, r).add(e0).intoArray(pad, r);
                FloatVector.fromArray(S, pad, r + half).add(e1.sub(e2).add(e3)).intoArray(pad, r + half);
                FloatVector.fromArray(S, pad, r + 1).add(e1.add(e2).sub(e0)).intoArray(pad, r + 1);
                FloatVector.fromArray(S, pad, r + half + 1).sub(e3).intoArray(pad, r + half + 1);
            }
        }
    }

    /**
     * {@code B dV} of one vector of tiles into {@code staging} (element {@code (u, c)} at {@code (4 u + c) V}):
     * rows {@code dV0, dV1 - dV2 + dV3, dV1 + dV2 - dV0, -dV3}; lanes past {@code valid} are zero.
     */
    private static void leftProduct(float[][] dv, int rowBase, int stride, int at, int valid, float[] staging) {
        @SuppressWarnings("unchecked")
        VectorMask<Float> mask = (VectorMask<Float>) VectorPatches.TAILS[valid];
        FloatVector zero = FloatVector.zero(S);
        for (int c = 0; c < 4; c++) {
            FloatVector v0 = zero.blend(FloatVector.fromArray(S, dv[rowBase + c * stride], at), mask);
            FloatVector v1 = zero.blend(FloatVector.fromArray(S, dv[rowBase + (4 + c) * stride], at), mask);
            FloatVector v2 = zero.blend(FloatVector.fromArray(S, dv[rowBase + (8 + c) * stride], at), mask);
            FloatVector v3 = zero.blend(FloatVector.fromArray(S, dv[rowBase + (12 + c) * stride], at), mask);
            v0.intoArray(staging, c * V);
            v1.sub(v2).add(v3).intoArray(staging, (4 + c) * V);
            v1.add(v2).sub(v0).intoArray(staging, (8 + c) * V);
            v3.neg().intoArray(staging, (12 + c) * V);
        }
    }
}
