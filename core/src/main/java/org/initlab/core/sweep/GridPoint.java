package org.initlab.core.sweep;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * One point of a {@link Grid}: a value for every axis.
 *
 * @param index  the point's position in {@link Grid#points()}, from 0
 * @param values the value of every axis, in the grid's axis order
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record GridPoint(int index, Map<String, String> values) {
    /** {@code {name}} with a grid-axis name inside. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(" + Grid.NAME_PATTERN + ")}");

    /**
     * Copies, keeping the order.
     *
     * @param index  the point's position
     * @param values the axis values
     */
    public GridPoint {
        if (index < 0) {
            throw new IllegalArgumentException("grid point index must be >= 0, got " + index);
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Replaces every {@code {name}} in a template by this point's value of axis {@code name}, as plain text (no
     * arithmetic, no escaping). Braces around anything that is not a name are left as they are.
     *
     * @param field    the template's field, for the message ({@code init}, {@code model}, ...)
     * @param template the text
     * @return the text with every placeholder replaced
     * @throws IllegalArgumentException for a placeholder that names no axis of the grid
     */
    public String substitute(String field, String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(field + " '" + template + "': placeholder {" + m.group(1)
                        + "} names no grid axis (axes: " + (values.isEmpty() ? "none" : String.join(", ",
                        values.keySet())) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** @return the point as {@code name=value} pairs, e.g. {@code sw=1.5 depth=20}; empty for no axes */
    public String label() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }
}
