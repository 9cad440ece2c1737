package io.vigil.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.vigil.metrics.EventLog;
import io.vigil.metrics.Meters;
import io.vigil.metrics.PoolTotals;
import io.vigil.server.ProxyView;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What each admin path answers:
 * <pre>
 *   GET  /metrics        Prometheus text exposition (format 0.0.4)
 *   GET  /topology       pools, shards, masters, replicas with health and lag, sentinels and what each said
 *   GET  /events?since=N topology events newer than sequence number N (default: all kept)
 *   GET  /clients        clients per pool, and the clients held or pinned
 *   GET  /health/live    200 while the process serves HTTP
 *   GET  /health/ready   200 when every shard has a verified master and Vigil is not draining, else 503
 *   GET  /api/totals     cumulative totals per pool for the dashboard
 *   POST /reload         reloads the config through {@link AdminHooks#reload}
 *   GET  /, /dashboard/… the dashboard (files from the jar)
 * </pre>
 */
final class AdminRoutes {

    /** One HTTP answer. */
    record Answer(HttpResponseStatus status, String contentType, byte[] body) {

        static Answer json(int status, Object value) {
            return new Answer(HttpResponseStatus.valueOf(status), "application/json; charset=utf-8",
                    Json.write(value).getBytes(StandardCharsets.UTF_8));
        }

        static Answer error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    private final Meters meters;
    private final ProxyView view;
    private final AdminHooks hooks;
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final Dashboard dashboard = new Dashboard();

    AdminRoutes(Meters meters, ProxyView view, AdminHooks hooks) {
        this.meters = meters;
        this.view = view;
        this.hooks = hooks;
    }

    CompletableFuture<Answer> answer(FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (request.method().equals(HttpMethod.POST)) {
            if (path.equals("/reload")) {
                return hooks.reload().handle((done, error) -> error == null
                        ? Answer.json(200, Map.of("reloaded", done))
                        : Answer.error(error instanceof UnsupportedOperationException
                                || error.getCause() instanceof UnsupportedOperationException ? 501 : 400,
                                message(error)));
            }
            return CompletableFuture.completedFuture(Answer.error(405, "POST is for /reload only"));
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return CompletableFuture.completedFuture(Answer.error(405, request.method() + " is not supported"));
        }
        return switch (path) {
            case "/metrics" -> CompletableFuture.completedFuture(metrics());
            case "/topology" -> CompletableFuture.completedFuture(
                    Answer.json(200, Map.of("pools", TopologyJson.pools(view.pools()))));
            case "/events" -> CompletableFuture.completedFuture(events(uri));
            case "/clients" -> clients();
            case "/health/live" -> CompletableFuture.completedFuture(Answer.json(200, Map.of("live", true)));
            case "/health/ready" -> CompletableFuture.completedFuture(ready());
            case "/api/totals" -> CompletableFuture.completedFuture(Answer.json(200, PoolTotals.of(meters)));
            default -> CompletableFuture.completedFuture(dashboard.file(path));
        };
    }

    private Answer metrics() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            text.write(out, meters.registry().scrape(), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            return Answer.error(500, e.toString());
        }
        return new Answer(HttpResponseStatus.OK, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }

    private Answer events(QueryStringDecoder uri) {
        long since = 0;
        List<String> p = uri.parameters().get("since");
        if (p != null && !p.isEmpty()) {
            try {
                since = Long.parseLong(p.get(0));
            } catch (NumberFormatException e) {
                return Answer.error(400, "since: " + p.get(0) + " (expected: a sequence number)");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (EventLog.Event e : meters.events().since(since)) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("seq", e.seq());
            one.put("time", e.epochMillis());
            one.put("pool", e.pool());
            one.put("kind", e.kind());
            one.put("shard", e.shard());
            one.put("text", e.text());
            out.add(one);
        }
        return Answer.json(200, Map.of("events", out));
    }

    private CompletableFuture<Answer> clients() {
        return view.heldOrPinned().thenApply(list -> {
            List<Map<String, Object>> clients = new ArrayList<>();
            for (ProxyView.ClientInfo c : list) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("pool", c.pool());
                one.put("id", c.id());
                one.put("address", c.address());
                one.put("state", c.state());
                clients.add(one);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("connected", view.clientCounts());
            out.put("held_or_pinned", clients);
            return Answer.json(200, out);
        });
    }

    private Answer ready() {
        boolean draining = hooks.draining();
        boolean masters = view.ready();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ready", masters && !draining);
        out.put("every_shard_has_a_verified_master", masters);
        out.put("draining", draining);
        return Answer.json(masters && !draining ? 200 : 503, out);
    }

    private static String message(Throwable error) {
        Throwable t = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
                ? error.getCause() : error;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
