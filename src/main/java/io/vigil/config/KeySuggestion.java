package io.vigil.config;

import java.util.List;

/**
 * Finds the known key a misspelt one was probably meant to be: the nearest by edit distance, where
 * swapping two neighbouring letters counts as one edit ({@code hsah} → {@code hash}). Only close
 * matches are offered: a wrong guess is worse than none.
 */
final class KeySuggestion {

    private KeySuggestion() {
    }

    /** The nearest of {@code known} to {@code key}, or null when none is close enough. */
    static String nearest(String key, List<String> known) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        int allowed = lower.length() <= 4 ? 1 : lower.length() <= 10 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(lower, candidate);
            if (d <= allowed && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
