package io.vigil.topology;

/** An error reply, {@code -<CODE> <text>}, as a value: a reply, not a failure to get one. */
record RespError(String message) {

    /** The first word: {@code ERR}, {@code NOAUTH}, {@code WRONGPASS}, … */
    String code() {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    @Override
    public String toString() {
        return "-" + message;
    }
}
