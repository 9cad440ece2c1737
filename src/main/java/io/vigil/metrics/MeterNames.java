package io.vigil.metrics;

import java.util.List;

/**
 * Every meter name Vigil exports, in one place: nutcracker's stats keys (in nutcracker 0.5's
 * order, from {@code nc_stats.h}, with its descriptions as {@code nutcracker -D} prints them) and
 * the Prometheus metric names.
 */
public final class MeterNames {

    private MeterNames() {
    }

    /** One nutcracker stats key and its {@code -D} description. */
    record Stat(String key, String description) {
    }

    /** nutcracker's top-level keys, in order. */
    static final List<String> STATS_HEADER = List.of(
            "service", "source", "version", "uptime", "timestamp", "total_connections", "curr_connections");

    /** nutcracker's per-pool keys, in order (STATS_POOL_CODEC). */
    static final List<Stat> STATS_POOL = List.of(
            new Stat("client_eof", "# eof on client connections"),
            new Stat("client_err", "# errors on client connections"),
            new Stat("client_connections", "# active client connections"),
            new Stat("server_ejects", "# times backend server was ejected"),
            new Stat("forward_error", "# times we encountered a forwarding error"),
            new Stat("fragments", "# fragments created from a multi-vector request"));

    /** nutcracker's per-server keys, in order (STATS_SERVER_CODEC). */
    static final List<Stat> STATS_SERVER = List.of(
            new Stat("server_eof", "# eof on server connections"),
            new Stat("server_err", "# errors on server connections"),
            new Stat("server_timedout", "# timeouts on server connections"),
            new Stat("server_connections", "# active server connections"),
            new Stat("server_ejected_at", "timestamp when server was ejected in usec since epoch"),
            new Stat("requests", "# requests"),
            new Stat("request_bytes", "total request bytes"),
            new Stat("responses", "# responses"),
            new Stat("response_bytes", "total response bytes"),
            new Stat("in_queue", "# requests in incoming queue"),
            new Stat("in_queue_bytes", "current request bytes in incoming queue"),
            new Stat("out_queue", "# requests in outgoing queue"),
            new Stat("out_queue_bytes", "current request bytes in outgoing queue"));

    // ---- Prometheus: the client library adds _total to counters and _bucket/_sum/_count to histograms

    static final String CLIENT_REQUESTS = "vigil_client_requests";
    static final String CLIENT_CONNECTIONS = "vigil_client_connections";
    static final String CLIENT_CONNECTIONS_OPENED = "vigil_client_connections_opened";
    static final String ERRORS = "vigil_errors";
    static final String BACKEND_REQUESTS = "vigil_backend_requests";
    static final String BACKEND_REQUEST_BYTES = "vigil_backend_request_bytes";
    static final String BACKEND_RESPONSES = "vigil_backend_responses";
    static final String BACKEND_RESPONSE_BYTES = "vigil_backend_response_bytes";
    static final String BACKEND_ERRORS = "vigil_backend_errors";
    static final String BACKEND_CONNECTIONS = "vigil_backend_connections";
    static final String BACKEND_OUTSTANDING = "vigil_backend_outstanding_requests";
    static final String READS_ROUTED = "vigil_reads_routed";
    static final String EJECTIONS = "vigil_ejections";
    static final String EJECTED = "vigil_ejected";
    static final String COMMAND_CLASS_DURATION = "vigil_command_class_duration_seconds";
    static final String COMMAND_DURATION = "vigil_command_duration_seconds";
    static final String SHARD_MASTER = "vigil_shard_master";
    static final String SHARD_VERIFIED = "vigil_shard_master_verified";
    static final String SHARD_SWITCHES = "vigil_shard_master_switches";
    static final String SHARD_SINCE_SWITCH = "vigil_shard_seconds_since_master_switch";
    static final String HELD_CLIENTS = "vigil_held_clients";
    static final String HOLDS = "vigil_holds";
    static final String HELD_SECONDS = "vigil_held_seconds";
    static final String FENCES = "vigil_fences";
    static final String REPLICA_HEALTHY = "vigil_replica_healthy";
    static final String REPLICA_LAG_BYTES = "vigil_replica_lag_bytes";
    static final String SENTINEL_LINK_UP = "vigil_sentinel_link_up";
    static final String POOL_DEGRADED = "vigil_pool_degraded";

    /** Kinds of {@link #ERRORS}. */
    public enum ErrorKind {
        /** The backend connection failed before or after the request was written. */
        BACKEND_ERROR("backend_error"),
        /** The pool's {@code timeout} passed with no reply. */
        TIMEOUT("timeout"),
        /** A write was written to a node that was then lost or fenced: it may or may not have run. */
        OUTCOME_UNKNOWN("outcome_unknown"),
        /** A client sent bytes that are not RESP; its connection was closed. */
        PROTOCOL_ERROR("protocol_error"),
        /** Vigil answered an error itself: no master within the hold time, server resting, too many clients. */
        REFUSED("refused");

        final String label;

        ErrorKind(String label) {
            this.label = label;
        }
    }

    /** Kinds of {@link #BACKEND_ERRORS}, per node. */
    enum BackendErrorKind {
        EOF("eof"), ERROR("error"), TIMEOUT("timeout"), ERROR_REPLY("error_reply");

        final String label;

        BackendErrorKind(String label) {
            this.label = label;
        }
    }
}
