package io.vigil.difftest;

import java.util.ArrayList;
import java.util.List;

/**
 * What Redis does with a stream's replies, from the commands alone: CLIENT REPLY OFF and SKIP
 * silence replies, RESET restores them, and an EXEC answers with the replies of the commands its
 * transaction queued. Used to pair each reply with its command for {@link Normalizer}.
 */
final class ReplyModel {

    private ReplyModel() {
    }

    static List<Command> annotate(List<Command> stream) {
        boolean off = false;
        boolean skip = false;
        List<Command> queued = null;
        for (Command c : stream) {
            String name = c.name();
            if (queued != null && !List.of("EXEC", "DISCARD", "MULTI", "WATCH", "QUIT", "RESET").contains(name)) {
                queued.add(c);
            }
            switch (name) {
                case "CLIENT REPLY" -> {
                    String mode = c.args.length == 3 ? c.args[2].toUpperCase() : "";
                    c.replied = mode.equals("ON");
                    if (mode.equals("ON")) {
                        off = false;
                        skip = false;
                    } else if (mode.equals("OFF")) {
                        off = true;
                        skip = false; // a pending SKIP is used up by this very command
                    } else if (mode.equals("SKIP")) {
                        skip = !off;
                    }
                }
                case "RESET" -> {
                    c.replied = !skip; // a pending SKIP still silences it; OFF is cleared first
                    off = false;
                    skip = false;
                    queued = null;
                }
                default -> {
                    c.replied = !off && !skip;
                    skip = false;
                }
            }
            if (name.equals("MULTI") && queued == null) {
                queued = new ArrayList<>();
            } else if (name.equals("EXEC") && queued != null) {
                c.queued = queued;
                queued = null;
            } else if (name.equals("DISCARD")) {
                queued = null;
            }
        }
        return stream;
    }
}
