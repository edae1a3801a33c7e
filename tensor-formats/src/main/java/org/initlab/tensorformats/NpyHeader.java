package org.initlab.tensorformats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header dict of an {@code .npy} file, parsed from its Python literal
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}) without evaluating anything: exactly
 * the keys {@code descr}, {@code fortran_order} and {@code shape}; strings in single or double quotes,
 * {@code True}/{@code False}, tuples of non-negative integers (Python 2's {@code 3L} accepted).
 *
 * @param descr        the dtype, e.g. {@code <f4}
 * @param fortranOrder whether the data is column-major
 * @param shape        the dimensions
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** @return the bytes per element, 2, 4 or 8 */
    int itemSize() {
        return descr.charAt(2) - '0';
    }

    /** @return whether the elements are big-endian */
    boolean bigEndian() {
        return descr.charAt(0) == '>';
    }

    /** @return the number of elements */
    long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * @param text the header text after the length field
     * @return the header
     * @throws IllegalArgumentException when the text is not a valid header or the dtype is not a float
     */
    static NpyHeader parse(String text) {
        Parser parser = new Parser(text);
        Map<String, Object> dict = parser.dict();
        if (!dict.keySet().equals(KEYS)) {
            throw new IllegalArgumentException("keys must be descr, fortran_order and shape, got "
                    + String.join(", ", dict.keySet()));
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new IllegalArgumentException("unsupported dtype " + dict.get("descr")
                    + " (structured arrays are not supported)");
        }
        if (!descr.matches("[<>=|]f[248]")) {
            throw new IllegalArgumentException("unsupported dtype '" + descr + "'; supported: float16, float32, "
                    + "float64 ('f2', 'f4', 'f8')");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IllegalArgumentException("fortran_order must be True or False");
        }
        if (!(dict.get("shape") instanceof int[] shape)) {
            throw new IllegalArgumentException("shape must be a tuple of integers");
        }
        return new NpyHeader(descr, fortran, shape);
    }

    /** A parser for the subset of Python literals that NumPy writes. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> dict() {
            skipSpace();
            expect('{');
            Map<String, Object> dict = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                if (dict.put(key, value()) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            skipSpace();
            if (pos < text.length()) {
                throw error("unexpected text after the dict");
            }
            return dict;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                throw error("unsupported dtype: structured arrays are not supported");
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("expected a string, a tuple, True or False");
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted key");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            boolean trailingComma = false;
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                int start = pos;
                while (Character.isDigit(peek())) {
                    pos++;
                }
                if (start == pos) {
                    throw error("expected a non-negative integer in the shape");
                }
                try {
                    dims.add(Integer.parseInt(text.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw error("dimension " + text.substring(start, pos) + " is too large");
                }
                if (peek() == 'L') {
                    pos++;
                }
                skipSpace();
                trailingComma = peek() == ',';
                if (trailingComma) {
                    pos++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape");
                }
            }
            if (dims.size() == 1 && !trailingComma) {
                throw error("a one-element shape needs a trailing comma, as in (3,)");
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException(problem + " at character " + (pos + 1));
        }
    }
}
