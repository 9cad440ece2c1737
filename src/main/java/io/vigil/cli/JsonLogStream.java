package io.vigil.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --log-format json}: turns each line slf4j-simple prints into one JSON object, for log
 * shippers. slf4j-simple's line, as {@link Logging} configures it, is
 * <pre>
 *   2026-12-05T09:00:00.000Z [thread] LEVEL Logger - message
 * </pre>
 * and becomes {@code {"ts":"…","level":"INFO","thread":"…","logger":"…","msg":"…"}}. A line that is
 * not of that form (a stack trace line) becomes an object of its own with the level and logger of
 * the line before it, so that every line stays one object.
 */
final class JsonLogStream extends PrintStream {

    static final String DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    private static final Pattern LINE = Pattern.compile(
            "^(\\S+) \\[([^\\]]*)\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$", Pattern.DOTALL);

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private String lastLevel = "ERROR";
    private String lastLogger = "";

    JsonLogStream(PrintStream target) {
        super(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        this.target = target;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(buf[i]);
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        target.println(toJson(text));
        target.flush();
    }

    /** One printed line as one JSON object. */
    String toJson(String text) {
        Matcher m = LINE.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64).append('{');
        if (m.matches()) {
            lastLevel = m.group(3);
            lastLogger = m.group(4);
            field(out, "ts", m.group(1)).append(',');
            field(out, "level", m.group(3)).append(',');
            field(out, "thread", m.group(2)).append(',');
            field(out, "logger", m.group(4)).append(',');
            field(out, "msg", m.group(5));
        } else {
            field(out, "ts", java.time.OffsetDateTime.now().toString()).append(',');
            field(out, "level", lastLevel).append(',');
            field(out, "logger", lastLogger).append(',');
            field(out, "msg", text);
        }
        return out.append('}').toString();
    }

    private static StringBuilder field(StringBuilder out, String key, String value) {
        out.append('"').append(key).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
