package io.vigil.difftest;

import java.util.List;

/** The first way in which Vigil's answers differed from Redis's in a run. */
record Difference(int client, int replyIndex, String command, String expected, String actual, List<Command> stream) {

    /** A difference in the stored data rather than in a reply. */
    static Difference inData(int client, String what, List<Command> stream) {
        return new Difference(client, -1, "(dataset)", "", what, stream);
    }

    /** Vigil stopped answering where Redis answered. */
    boolean isHang() {
        return actual.equals("(no reply)") && !expected.equals("(no reply)");
    }

    @Override
    public String toString() {
        return "client " + client + (replyIndex >= 0 ? ", reply " + replyIndex + " (" + command + ")" : " " + command)
                + "\n  redis: " + shorten(expected) + "\n  vigil: " + shorten(actual);
    }

    private static String shorten(String s) {
        String t = s.replace("\r\n", "\\r\\n");
        return t.length() > 600 ? t.substring(0, 600) + "…" : t;
    }
}
