package io.vigil.difftest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One RESP2 or RESP3 reply as a tree: {@code type} is the RESP type byte, {@code text} the line
 * or blob of a simple value, {@code elements} the children of an aggregate ({@code null} for
 * a null aggregate). Printed back in canonical RESP, so two replies compare as text.
 */
final class Reply {

    final char type;
    final String text;
    final List<Reply> elements;

    Reply(char type, String text, List<Reply> elements) {
        this.type = type;
        this.text = text;
        this.elements = elements;
    }

    boolean isAggregate() {
        return "*~%>|".indexOf(type) >= 0;
    }

    boolean isError() {
        return type == '-' || type == '!';
    }

    /** A copy whose elements are sorted (by pair for maps and flat field/value arrays when {@code pairs}). */
    Reply sorted(boolean pairs) {
        if (elements == null) {
            return this;
        }
        List<Reply> out = new ArrayList<>(elements.size());
        if (pairs && elements.size() % 2 == 0) {
            List<Reply[]> kv = new ArrayList<>();
            for (int i = 0; i < elements.size(); i += 2) {
                kv.add(new Reply[] {elements.get(i), elements.get(i + 1)});
            }
            kv.sort(Comparator.comparing(p -> p[0].toString() + p[1].toString()));
            for (Reply[] p : kv) {
                out.add(p[0]);
                out.add(p[1]);
            }
        } else {
            out.addAll(elements);
            out.sort(Comparator.comparing(Reply::toString));
        }
        return new Reply(type, text, out);
    }

    Reply withElement(int i, Reply e) {
        List<Reply> out = new ArrayList<>(elements);
        out.set(i, e);
        return new Reply(type, text, out);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        write(b);
        return b.toString();
    }

    private void write(StringBuilder b) {
        if (elements != null || isAggregate()) {
            int n = elements == null ? -1 : (type == '%' || type == '|' ? elements.size() / 2 : elements.size());
            b.append(type).append(n).append("\r\n");
            if (elements != null) {
                for (Reply e : elements) {
                    e.write(b);
                }
            }
        } else if (type == '$' || type == '!' || type == '=') {
            if (text == null) {
                b.append("$-1\r\n");
            } else {
                b.append(type).append(text.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(text).append("\r\n");
            }
        } else {
            b.append(type).append(text).append("\r\n");
        }
    }
}
