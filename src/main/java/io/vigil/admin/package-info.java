/**
 * The admin HTTP listener: Prometheus text at {@code /metrics}, a JSON API ({@code /topology},
 * {@code /events}, {@code /clients}, {@code /health/live}, {@code /health/ready}), the live
 * dashboard (static files from the jar) and the hooks the reload and drain code plugs into
 * ({@link io.vigil.admin.AdminHooks}). Built on Netty's HTTP codec; no web framework.
 *
 * <p>Depends on {@code server} (its read-only {@code ProxyView}) and {@code metrics}; nothing but
 * {@code cli} depends on it.
 */
package io.vigil.admin;
