package io.vigil.server;

import java.util.List;

/**
 * What a reload did, for the log, a signal handler and the admin endpoint. When {@code applied}
 * is false nothing changed and {@code error} says why; otherwise the pools are listed by what
 * happened to them ({@code moved}: its listener's address or socket options changed, so it
 * listens anew and its old listener's clients drain).
 */
public record ReloadOutcome(boolean applied, String error, List<String> added, List<String> removed,
                            List<String> changed, List<String> moved, List<String> unchanged) {

    public ReloadOutcome {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        moved = List.copyOf(moved);
        unchanged = List.copyOf(unchanged);
    }

    static ReloadOutcome refused(String error) {
        return new ReloadOutcome(false, error, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** One line: {@code added [a], removed [b], changed [c], moved [], unchanged [d]}, or the error. */
    public String summary() {
        if (!applied) {
            return "refused: " + error;
        }
        return "added " + added + ", removed " + removed + ", changed " + changed + ", moved " + moved
                + ", unchanged " + unchanged;
    }
}
