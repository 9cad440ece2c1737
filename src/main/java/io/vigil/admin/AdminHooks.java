package io.vigil.admin;

import java.util.concurrent.CompletableFuture;

/**
 * What the admin listener asks of the parts of Vigil it does not own: a config reload
 * ({@code POST /reload}) and whether Vigil is draining (then {@code /health/ready} says not
 * ready, so a load balancer stops sending new clients). The {@code vigil} command passes hooks
 * onto its {@code VigilServer} (reload as on SIGHUP, draining once SIGTERM began); {@link #NONE},
 * for an admin listener with nothing behind it, answers that reload is not available and never drains.
 */
public interface AdminHooks {

    AdminHooks NONE = new AdminHooks() {
    };

    /** Whether Vigil is draining its clients before it stops. */
    default boolean draining() {
        return false;
    }

    /**
     * Reloads the config; completes with a line saying what changed, or exceptionally with why
     * the new config was refused. Default: reload is not available.
     */
    default CompletableFuture<String> reload() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("reload is not available in this build"));
    }
}
