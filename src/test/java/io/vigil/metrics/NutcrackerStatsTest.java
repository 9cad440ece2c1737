package io.vigil.metrics;

import io.vigil.config.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NutcrackerStatsTest {

    @Test
    void poolsAndServersComeInNutcrackersOrderWithItsSeparators() {
        Meters m = new Meters(true);
        PoolMeters alpha = m.pool("alpha", List.of("one", "127.0.0.1:6379"));
        m.pool("beta", List.of("127.0.0.1:6380"));
        alpha.shardOf(node -> node.port() == 6379 ? 1 : 0);
        NodeMeters n = alpha.node(new Endpoint("127.0.0.1", 6379));
        n.requests.add(3);
        n.requestBytes.add(40);

        String pools = NutcrackerStats.pools(m);

        // shorter names first (nutcracker's string_compare), then byte order
        assertThat(pools).startsWith("\"beta\": {\"client_eof\":0, ");
        assertThat(pools.indexOf("\"one\": {")).isLessThan(pools.indexOf("\"127.0.0.1:6379\": {"));
        assertThat(pools).contains("\"127.0.0.1:6379\": {\"server_eof\":0, \"server_err\":0, \"server_timedout\":0, "
                + "\"server_connections\":0, \"server_ejected_at\":0, \"requests\":3, \"request_bytes\":40, "
                + "\"responses\":0, \"response_bytes\":0, \"in_queue\":0, \"in_queue_bytes\":0, \"out_queue\":0, "
                + "\"out_queue_bytes\":0}}");
        // a server object closes with "}," and its pool with "}},"
        assertThat(pools).contains("\"out_queue_bytes\":0}},\"alpha\": {").endsWith("\"out_queue_bytes\":0}},");

        String doc = NutcrackerStats.document(m, "host", "0.1.0", pools);
        assertThat(doc).startsWith("{\"service\":\"vigil\", \"source\":\"host\", \"version\":\"0.1.0\", \"uptime\":")
                .contains(", \"curr_connections\":0, \"beta\": {").endsWith("\"out_queue_bytes\":0}}}\n");
    }

    @Test
    void describesEveryStatAsNutcrackerDoes() {
        assertThat(NutcrackerStats.describe()).startsWith("pool stats:\n  client_eof          \"# eof on client connections\"\n")
                .contains("\nserver stats:\n  server_eof          \"# eof on server connections\"\n")
                .endsWith("  out_queue_bytes     \"current request bytes in outgoing queue\"\n");
    }
}
