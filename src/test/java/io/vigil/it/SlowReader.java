package io.vigil.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A client that pipelines GETs of one key and does not read the replies until asked to. It sends
 * without blocking, as much as the server takes, so a server that stops reading from it does not
 * block the test.
 */
final class SlowReader implements AutoCloseable {

    /** {@code *2\r\n$3\r\nGET\r\n$<n>\r\n<key>\r\n} */
    private final ByteBuffer requests;
    private final int count;
    private final SocketChannel channel;

    SlowReader(int port, String key, int count) throws IOException {
        String one = "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n";
        this.requests = ByteBuffer.wrap(one.repeat(count).getBytes(StandardCharsets.US_ASCII));
        this.count = count;
        this.channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        channel.connect(new InetSocketAddress("127.0.0.1", port));
        channel.configureBlocking(false);
    }

    /** Sends what the server takes now; true once every request is sent. */
    boolean sendMore() throws IOException {
        try {
            channel.write(requests);
        } catch (IOException closed) {
            return true; // the server closed the connection: nothing more will be taken
        }
        return !requests.hasRemaining();
    }

    int count() {
        return count;
    }

    /**
     * Reads replies of {@code valueBytes}-byte bulk strings in order until {@code wanted} were read
     * or the connection ends; returns how many were read whole.
     */
    int readReplies(int valueBytes, int wanted) throws IOException {
        channel.configureBlocking(true);
        Socket socket = channel.socket();
        socket.setSoTimeout(30_000); // a safety net only: every expected reply is in flight
        InputStream in = socket.getInputStream();
        byte[] header = ("$" + valueBytes + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] reply = new byte[header.length + valueBytes + 2];
        int read = 0;
        while (read < wanted) {
            int n;
            try {
                n = in.readNBytes(reply, 0, reply.length);
            } catch (java.net.SocketException reset) {
                return read; // closed by the server with replies unread: a reset
            }
            if (n < reply.length) {
                return read;
            }
            for (int i = 0; i < header.length; i++) {
                if (reply[i] != header[i]) {
                    throw new IOException("reply " + read + " starts with "
                            + new String(reply, 0, Math.min(80, n), StandardCharsets.US_ASCII));
                }
            }
            read++;
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
