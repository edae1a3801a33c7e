package org.initlab.spi.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collection;
import java.util.Optional;
import org.apiguardian.api.API;

/** "Did you mean" suggestions by edit distance, for error messages about unknown names. */
@API(status = INTERNAL, since = "0.1")
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * Finds the known name closest to a mistyped one.
     *
     * @param typed the name the user typed
     * @param known the valid names
     * @return the closest known name when it is within a third of the typed length (at least 2 edits), else
     *         empty
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(typed.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = Math.max(2, typed.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * Levenshtein distance.
     *
     * @param a first text
     * @param b second text
     * @return the minimum number of single-character insertions, deletions and substitutions
     */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
