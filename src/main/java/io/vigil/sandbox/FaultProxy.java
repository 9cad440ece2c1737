package io.vigil.sandbox;

import io.vigil.config.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A TCP proxy on a free 127.0.0.1 port in front of one node, that can cut some of the links it
 * carries: the tool for partitions on one machine. Each accepted connection is a {@link ProxyLink}
 * labelled from the first bytes its client sends (the client speaks first in RESP), so a test can
 * cut, say, the sentinels' links to a master while other clients still reach it through the same
 * proxy.
 *
 * <p>A cut link is black-holed as a partition would: its sockets stay open and bytes are read and
 * dropped both ways, so the peer sees silence and times out rather than a reset. A link labelled
 * while its label is cut is black-holed from the start. {@link #heal} closes the black-holed links
 * (a partition that lasted longer than the peer's timeouts ends with the connection gone) and lets
 * new ones through.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(master.endpoint(), FaultProxy.SENTINEL_OR_CLIENT)) {
 *     SentinelNode s = sandbox.startSentinel("mymaster", proxy.endpoint(), 2);
 *     proxy.cut(FaultProxy.SENTINEL);   // sentinels lose the master; clients keep it
 *     proxy.heal(FaultProxy.SENTINEL);
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    public static final String SENTINEL = "sentinel";
    public static final String CLIENT = "client";
    /** Sentinel names every link it opens with {@code CLIENT SETNAME sentinel-<id>-cmd|pubsub} first. */
    public static final Function<byte[], String> SENTINEL_OR_CLIENT =
            first -> new String(first, java.nio.charset.StandardCharsets.ISO_8859_1).contains("sentinel-") ? SENTINEL : CLIENT;

    private final Endpoint target;
    private final Function<byte[], String> labeller;
    private final ServerSocket listener;
    private final Set<ProxyLink> links = ConcurrentHashMap.newKeySet();
    private final Set<String> cut = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private FaultProxy(Endpoint target, Function<byte[], String> labeller, ServerSocket listener) {
        this.target = target;
        this.labeller = labeller;
        this.listener = listener;
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Listens on a free loopback port and forwards every connection to {@code target}. */
    public static FaultProxy start(Endpoint target, Function<byte[], String> labeller) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(SandboxNode.HOST), 0));
            FaultProxy proxy = new FaultProxy(target, labeller, listener);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy: could not listen on " + SandboxNode.HOST, e);
        }
    }

    /** Where clients connect to reach the target through this proxy. */
    public Endpoint endpoint() {
        return new Endpoint(SandboxNode.HOST, listener.getLocalPort());
    }

    public Endpoint target() {
        return target;
    }

    /** Black-holes every link labelled {@code label}, open or yet to come. */
    public void cut(String label) {
        cut.add(label);
        for (ProxyLink link : links) {
            if (label.equals(link.label())) {
                link.blackHole();
            }
        }
    }

    /** Ends a {@link #cut}: black-holed links with that label close, new ones pass. */
    public void heal(String label) {
        cut.remove(label);
        for (ProxyLink link : links) {
            if (label.equals(link.label()) && link.isBlackHoled()) {
                link.close();
            }
        }
    }

    /** Links open now, by label; for a test's log. */
    public long openLinks(String label) {
        return links.stream().filter(l -> label.equals(l.label())).count();
    }

    boolean isCut(String label) {
        return cut.contains(label);
    }

    String label(byte[] firstBytes) {
        return labeller.apply(firstBytes);
    }

    void forget(ProxyLink link) {
        links.remove(link);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket downstream = listener.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(target.host(), target.port()), 2000);
                } catch (IOException refused) {
                    downstream.close(); // the target is down: the client sees its connection refused
                    continue;
                }
                ProxyLink link = new ProxyLink(this, downstream, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!closed) {
                    continue; // one failed accept does not end the proxy
                }
            }
        }
    }

    /** Stops listening and closes every link. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (ProxyLink link : links) {
            link.close();
        }
    }
}
