package io.vigil.difftest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One command of a client's stream, with what the generator's model of Redis knows about its
 * reply: whether the client gets one (CLIENT REPLY OFF and SKIP silence some), and for an EXEC
 * the commands queued in its transaction, whose replies its array holds in order.
 */
final class Command {

    final String[] args;
    /** The client gets a reply to it. */
    boolean replied = true;
    /** For an EXEC: the commands its transaction queued; otherwise null. */
    List<Command> queued;

    Command(String... args) {
        this.args = args;
    }

    String name() {
        String n = args[0].toUpperCase(Locale.ROOT);
        return args.length > 1 && (n.equals("CLIENT") || n.equals("OBJECT") || n.equals("SCRIPT"))
                ? n + " " + args[1].toUpperCase(Locale.ROOT) : n;
    }

    byte[] resp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }

    /** One line, each argument quoted with C escapes: the form of a regression stream file. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append('"');
            for (char c : a.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\r' -> b.append("\\r");
                    case '\n' -> b.append("\\n");
                    default -> {
                        if (c < 32 || c > 126) {
                            b.append(String.format("\\x%02x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
        return b.toString();
    }

    /** Parses a line written by {@link #toString}. */
    static Command parse(String line) {
        java.util.ArrayList<String> args = new java.util.ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) != '"') {
                i++;
                continue;
            }
            StringBuilder a = new StringBuilder();
            i++;
            while (line.charAt(i) != '"') {
                char c = line.charAt(i++);
                if (c == '\\') {
                    char e = line.charAt(i++);
                    switch (e) {
                        case 'r' -> a.append('\r');
                        case 'n' -> a.append('\n');
                        case 'x' -> {
                            a.append((char) Integer.parseInt(line.substring(i, i + 2), 16));
                            i += 2;
                        }
                        default -> a.append(e);
                    }
                } else {
                    a.append(c);
                }
            }
            i++;
            args.add(a.toString());
        }
        return new Command(args.toArray(new String[0]));
    }
}
