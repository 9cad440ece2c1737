package io.vigil.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads {@code malformed-requests.tsv}: malformed client inputs and the error Redis 7.0.15 answers
 * to each before it closes the connection. Shared with integration tests that replay it against
 * the proxy and against a real Redis.
 */
public final class MalformedRequestTable {

    public static final String RESOURCE = "/io/vigil/protocol/malformed-requests.tsv";

    /**
     * @param name what the row shows; rows named {@code unauthenticated-*} need a server that
     *             requires a password and a connection that has not authenticated
     * @param input the bytes to send, all of them, before expecting the error
     * @param expectedError the error text without '-' and CRLF, one char per byte (ISO-8859-1)
     */
    public record Row(String name, byte[] input, String expectedError) {

        public boolean needsUnauthenticatedClient() {
            return name.startsWith("unauthenticated-");
        }

        /** The exact bytes Redis sends back: {@code -<error>\r\n}. */
        public byte[] expectedReply() {
            return ("-" + expectedError + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private MalformedRequestTable() {
    }

    public static List<Row> load() {
        InputStream stream = MalformedRequestTable.class.getResourceAsStream(RESOURCE);
        if (stream == null) {
            throw new IllegalStateException("missing test resource " + RESOURCE);
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 3) {
                    throw new IllegalStateException("row: " + line + " (expected: name, input, error)");
                }
                String error = new String(CEscapes.decode(columns[2]), StandardCharsets.ISO_8859_1);
                rows.add(new Row(columns[0], CEscapes.decode(columns[1]), error));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
