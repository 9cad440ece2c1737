package io.vigil.admin;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files, served from the jar ({@code io/vigil/admin/dashboard/}): no CDN, nothing
 * fetched from outside. {@code /} is {@code index.html}; only the listed files are served.
 */
final class Dashboard {

    private static final String ROOT = "/io/vigil/admin/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    private final ConcurrentHashMap<String, byte[]> cache = new ConcurrentHashMap<>();

    AdminRoutes.Answer file(String path) {
        String name = path.equals("/") || path.equals("/dashboard") || path.equals("/dashboard/")
                ? "index.html"
                : path.startsWith("/dashboard/") ? path.substring("/dashboard/".length()) : null;
        String type = name == null ? null : FILES.get(name);
        if (type == null) {
            return AdminRoutes.Answer.error(404, path + ": not found (see / for the dashboard, /metrics, /topology,"
                    + " /events, /clients, /health/live, /health/ready)");
        }
        byte[] body = cache.computeIfAbsent(name, Dashboard::load);
        return new AdminRoutes.Answer(HttpResponseStatus.OK, type, body);
    }

    private static byte[] load(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + ROOT + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ROOT + name, e);
        }
    }
}
