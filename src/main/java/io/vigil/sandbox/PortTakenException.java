package io.vigil.sandbox;

/**
 * The port picked for a process was taken by another process between the pick and the process's
 * own bind. {@link Sandbox} answers it by trying again on another port.
 */
final class PortTakenException extends SandboxException {

    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
        super(message);
    }
}
