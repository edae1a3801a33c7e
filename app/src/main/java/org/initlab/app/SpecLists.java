package org.initlab.app;

import java.util.ArrayList;
import java.util.List;

/** Splits comma lists of spec strings at commas outside parentheses and quotes. */
public final class SpecLists {
    private SpecLists() {
    }

    /**
     * @param values the option values, each possibly a comma list
     * @return the specs, trimmed, in order
     * @throws IllegalArgumentException for an empty element
     */
    public static List<String> split(List<String> values) {
        List<String> specs = new ArrayList<>();
        for (String value : values) {
            int depth = 0;
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i <= value.length(); i++) {
                char c = i < value.length() ? value.charAt(i) : ',';
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                } else if (!quoted && c == ')') {
                    depth--;
                } else if (i == value.length() || !quoted && depth <= 0 && c == ',') {
                    String spec = value.substring(start, i).strip();
                    if (spec.isEmpty()) {
                        throw new IllegalArgumentException("empty initializer in list '" + value + "'");
                    }
                    specs.add(spec);
                    start = i + 1;
                }
            }
        }
        return List.copyOf(specs);
    }
}
