package io.vigil.difftest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses a stream of RESP2/RESP3 replies (as a client read them) into {@link Reply} trees. */
final class ReplyParser {

    private final byte[] in;
    private int at;

    private ReplyParser(byte[] in) {
        this.in = in;
    }

    /** Every complete reply in {@code bytes}; a trailing incomplete one is reported as a '?' reply. */
    static List<Reply> parseAll(byte[] bytes) {
        ReplyParser p = new ReplyParser(bytes);
        List<Reply> out = new ArrayList<>();
        while (p.at < bytes.length) {
            int start = p.at;
            try {
                out.add(p.next());
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                out.add(new Reply('?', "incomplete or malformed from byte " + start, null));
                break;
            }
        }
        return out;
    }

    private Reply next() {
        char type = (char) in[at];
        String line = line();
        switch (type) {
            case '$', '!', '=' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return new Reply('$', null, null);
                }
                if (at + len + 2 > in.length) {
                    throw new IndexOutOfBoundsException();
                }
                String text = new String(in, at, len, StandardCharsets.ISO_8859_1);
                at += len + 2;
                return new Reply(type, text, null);
            }
            case '*', '~', '>', '%', '|' -> {
                long n = Long.parseLong(line);
                if (n < 0) {
                    return new Reply(type, null, null);
                }
                long count = type == '%' || type == '|' ? 2 * n : n;
                List<Reply> elements = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    elements.add(next());
                }
                if (type == '|') {
                    Reply value = next(); // an attribute belongs to the value after it
                    List<Reply> both = new ArrayList<>(elements);
                    both.add(value);
                    return new Reply('|', null, both);
                }
                return new Reply(type, null, elements);
            }
            case '_' -> {
                return new Reply('_', "", null);
            }
            default -> {
                return new Reply(type, line, null);
            }
        }
    }

    /** The rest of the current line after the type byte, without CRLF. */
    private String line() {
        int from = at + 1;
        int i = from;
        while (in[i] != '\r' || in[i + 1] != '\n') {
            i++;
        }
        at = i + 2;
        return new String(in, from, i - from, StandardCharsets.ISO_8859_1);
    }
}
