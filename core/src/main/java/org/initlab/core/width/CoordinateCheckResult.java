package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * What a {@link CoordinateCheck} measured: the size of every probed layer's output at every width, seed and
 * step, the means over seeds, and each layer's trend with width over the steps.
 *
 * @param widths  the widths, ascending
 * @param layers  the probed layers, in network order
 * @param steps   the optimizer steps taken (sizes exist for steps {@code 0 .. steps})
 * @param samples the sizes of every seed, ordered by seed, width, step and layer
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record CoordinateCheckResult(List<Integer> widths, List<ProbedLayer> layers, int steps,
                                    List<CoordinateSize> samples) {
    /** Validates and copies the lists. */
    public CoordinateCheckResult {
        widths = List.copyOf(widths);
        layers = List.copyOf(layers);
        samples = List.copyOf(samples);
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
    }

    /**
     * @return the mean over seeds of both sizes per width, step and layer (seed empty), ordered by width, step
     *         and layer
     */
    public List<CoordinateSize> means() {
        Map<Key, double[]> sums = new LinkedHashMap<>();
        for (int width : widths) {
            for (int step = 0; step <= steps; step++) {
                for (ProbedLayer layer : layers) {
                    sums.put(new Key(width, step, layer), new double[3]);
                }
            }
        }
        for (CoordinateSize s : samples) {
            double[] sum = Objects.requireNonNull(sums.get(new Key(s.width(), s.step(), s.layer())),
                    () -> "a sample outside the widths, steps and layers: " + s);
            sum[0] += s.meanAbs();
            sum[1] += s.meanAbsChange();
            sum[2]++;
        }
        List<CoordinateSize> means = new ArrayList<>();
        sums.forEach((key, sum) -> means.add(new CoordinateSize(key.width(), OptionalLong.empty(), key.step(),
                key.layer(), sum[0] / sum[2], sum[1] / sum[2])));
        return List.copyOf(means);
    }

    /**
     * @return each layer's trend with width over the steps (of the means over seeds; see {@link WidthTrend}),
     *         in network order
     */
    public List<WidthTrend> trends() {
        int[] widthArray = widths.stream().mapToInt(Integer::intValue).toArray();
        Map<ProbedLayer, double[][][]> byLayer = new LinkedHashMap<>();
        for (ProbedLayer layer : layers) {
            byLayer.put(layer, new double[2][steps + 1][widthArray.length]);
        }
        for (CoordinateSize mean : means()) {
            double[][][] values = byLayer.get(mean.layer());
            int w = widths.indexOf(mean.width());
            values[0][mean.step()][w] = mean.meanAbsChange();
            values[1][mean.step()][w] = mean.meanAbs();
        }
        List<WidthTrend> trends = new ArrayList<>();
        byLayer.forEach((layer, values) -> trends.add(WidthTrend.of(layer, widthArray, values[0], values[1])));
        return List.copyOf(trends);
    }

    private record Key(int width, int step, ProbedLayer layer) {
    }
}
