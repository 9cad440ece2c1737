package io.vigil.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The {@code -o} log file, reopened on SIGHUP as nutcracker does, so that a log rotator can move
 * the file away and have Vigil write to a new one at the same path. SLF4J's simple logger writes
 * to {@code System.err} (looked up at every line), which {@link Logging} points here.
 */
final class LogFile extends OutputStream {

    private final Path path;
    private FileOutputStream out;

    LogFile(Path path) throws IOException {
        this.path = path;
        this.out = new FileOutputStream(path.toFile(), true);
    }

    /** Opens the path again (creating the file if the rotator moved it away), then closes the old one. */
    synchronized void reopen() throws IOException {
        FileOutputStream fresh = new FileOutputStream(path.toFile(), true);
        FileOutputStream old = out;
        out = fresh;
        old.close();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
