package io.vigil.cli;

import io.vigil.admin.AdminHooks;
import io.vigil.server.ReloadOutcome;
import io.vigil.server.VigilServer;

import java.util.concurrent.CompletableFuture;

/**
 * The admin listener's hooks into a running {@link VigilServer}: {@code POST /reload} is the same
 * reload as SIGHUP ({@link VigilServer#reload()}), and {@code /health/ready} says not ready once a
 * drain (SIGTERM) has begun.
 */
final class ServerHooks implements AdminHooks {

    private final VigilServer server;

    ServerHooks(VigilServer server) {
        this.server = server;
    }

    /** False until a drain begins (or the server closed): {@link VigilServer#ready()}. */
    @Override
    public boolean draining() {
        return !server.ready();
    }

    /**
     * Runs the reload on a thread of its own: it reads the file and may bind listeners, which the
     * admin listener's event loop must not wait for. Completes with the outcome's summary, or
     * exceptionally with why nothing changed.
     */
    @Override
    public CompletableFuture<String> reload() {
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ReloadOutcome outcome = server.reload();
                if (outcome.applied()) {
                    done.complete(outcome.summary());
                } else {
                    done.completeExceptionally(new IllegalStateException(outcome.error()));
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "vigil-admin-reload");
        t.setDaemon(true);
        t.start();
        return done;
    }
}
