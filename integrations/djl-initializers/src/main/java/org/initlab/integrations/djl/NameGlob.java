package org.initlab.integrations.djl;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A glob over DJL parameter names, as in initlab's {@code --init-rule}: {@code *} matches any run of characters,
 * everything else itself ({@code *_bias}, {@code 01Linear_weight}, {@code 03Linear_*}).
 *
 * @param text    the glob as written
 * @param pattern the compiled pattern
 */
record NameGlob(String text, Pattern pattern) {

    /**
     * @param rule the whole rule, for messages
     * @param glob the glob text
     * @return the glob
     * @throws IllegalArgumentException for an empty glob or a character other than letters, digits, {@code _ . *}
     */
    static NameGlob parse(String rule, String glob) {
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("bad rule '" + rule + "': the glob before '=' is empty");
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '*')) {
                throw new IllegalArgumentException("bad rule '" + rule + "': the glob '" + glob + "' has '" + c
                        + "' at position " + (i + 1) + "; a glob holds letters, digits, '_', '.' and '*' (any run "
                        + "of characters), e.g. '01Linear_weight' or '*_bias'");
            }
        }
        String regex = Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return new NameGlob(glob, Pattern.compile(regex));
    }

    /**
     * @param name a parameter name
     * @return whether the whole name matches
     */
    boolean matches(String name) {
        return pattern.matcher(name).matches();
    }
}
