package org.initlab.core.sweep;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Named axes, each an ordered list of values; the grid's points are their Cartesian product, the last axis
 * varying fastest (like nested loops in declaration order). Values are text: they are substituted into
 * templates as written. A grid without axes has exactly one point, the empty one.
 *
 * @param axes the axes in declaration order, each a non-empty list of distinct values
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Grid(Map<String, List<String>> axes) {
    /** How an axis may be named: a letter or {@code _}, then letters, digits or {@code _}. */
    public static final String NAME_PATTERN = "[A-Za-z_][A-Za-z0-9_]*";

    /**
     * Validates and copies, keeping the order.
     *
     * @param axes the axes
     * @throws IllegalArgumentException for a badly named axis, an empty list or a value listed twice
     */
    public Grid {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            String name = axis.getKey();
            if (name == null || !name.matches(NAME_PATTERN)) {
                throw new IllegalArgumentException("grid axis '" + name + "' is not a name (letters, digits and _, "
                        + "not starting with a digit)");
            }
            List<String> values = axis.getValue();
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("grid axis '" + name + "' has no values; give at least one, "
                        + "e.g. " + name + ": [1, 2]");
            }
            Set<String> seen = new HashSet<>();
            for (String v : values) {
                if (v == null) {
                    throw new IllegalArgumentException("grid axis '" + name + "' has an empty (null) value");
                }
                if (!seen.add(v)) {
                    throw new IllegalArgumentException("grid axis '" + name + "' lists '" + v + "' twice");
                }
            }
            copy.put(name, List.copyOf(values));
        }
        axes = Collections.unmodifiableMap(copy);
    }

    /** @return the axis names in declaration order */
    public List<String> names() {
        return List.copyOf(axes.keySet());
    }

    /**
     * @return the number of points, the product of the axis lengths; {@link Long#MAX_VALUE} when that
     *         overflows a {@code long}
     */
    public long size() {
        long size = 1;
        for (List<String> values : axes.values()) {
            try {
                size = Math.multiplyExact(size, values.size());
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return size;
    }

    /**
     * Expands the grid.
     *
     * @return every point, in order (last axis fastest), indexed from 0
     * @throws IllegalArgumentException when the grid has more than {@link Integer#MAX_VALUE} - 8 points
     */
    public List<GridPoint> points() {
        long size = size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the grid has " + size + " points, too many to expand");
        }
        List<String> names = names();
        List<GridPoint> points = new ArrayList<>((int) size);
        int[] digits = new int[names.size()];
        for (int index = 0; index < size; index++) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int a = 0; a < names.size(); a++) {
                values.put(names.get(a), axes.get(names.get(a)).get(digits[a]));
            }
            points.add(new GridPoint(index, values));
            for (int a = names.size() - 1; a >= 0; a--) {
                if (++digits[a] < axes.get(names.get(a)).size()) {
                    break;
                }
                digits[a] = 0;
            }
        }
        return List.copyOf(points);
    }
}
