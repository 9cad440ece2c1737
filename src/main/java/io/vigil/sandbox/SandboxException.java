package io.vigil.sandbox;

/**
 * A sandboxed process could not be found, started, reached or stopped. The message names the node
 * and, where there is one, ends with the tail of its log file, which usually says why.
 */
public class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
