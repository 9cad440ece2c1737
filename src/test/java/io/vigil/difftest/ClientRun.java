package io.vigil.difftest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Sends one client's stream to a server over one connection, cut into write chunks of random
 * sizes (single bytes now and then, so that every byte boundary happens), while another thread
 * reads every reply byte until the server closes after the stream's final QUIT.
 */
final class ClientRun implements Callable<byte[]> {

    /** Silence this long means the server will not answer any more (a hang is a difference too). */
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private final int port;
    private final List<Command> stream;
    private final long chunkSeed;

    ClientRun(int port, List<Command> stream, long chunkSeed) {
        this.port = port;
        this.stream = stream;
        this.chunkSeed = chunkSeed;
    }

    @Override
    public byte[] call() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Command c : stream) {
            all.writeBytes(c.resp());
        }
        byte[] bytes = all.toByteArray();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            Thread writer = new Thread(() -> write(socket, bytes), "difftest-writer");
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream replies = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    replies.write(buf, 0, n);
                }
            } catch (java.net.SocketTimeoutException stuck) {
                // the server stopped answering: the replies so far show where
            } catch (java.net.SocketException reset) {
                // shows as a reply no server sends, so that it compares as a difference
                replies.writeBytes(("?connection reset after " + replies.size() + " bytes: " + reset.getMessage() + "\r\n").getBytes());
            }
            writer.join(10_000);
            return replies.toByteArray();
        }
    }

    private void write(Socket socket, byte[] bytes) {
        Random rnd = new Random(chunkSeed);
        try {
            OutputStream out = socket.getOutputStream();
            int at = 0;
            while (at < bytes.length) {
                int r = rnd.nextInt(10);
                int len = r == 0 ? 1 : r < 4 ? 1 + rnd.nextInt(64) : 1 + rnd.nextInt(8192);
                len = Math.min(len, bytes.length - at);
                out.write(bytes, at, len);
                out.flush();
                at += len;
                if (rnd.nextInt(50) == 0) {
                    Thread.sleep(1); // let the server read what came so far on its own
                }
            }
        } catch (IOException | InterruptedException e) {
            // the reader sees what the server sent; a broken stream shows as a difference
        }
    }
}
