package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code INFO replication} as Redis 7.0.15 writes it, read field by field. */
class ReplicationInfoTest {

    static final String MASTER = """
            # Replication\r
            role:master\r
            connected_slaves:1\r
            slave0:ip=127.0.0.1,port=45546,state=online,offset=2000674,lag=0\r
            master_failover_state:no-failover\r
            master_replid:456fe85a6058d28033d4de5332e63547298cf73b\r
            master_replid2:0000000000000000000000000000000000000000\r
            master_repl_offset:2000674\r
            second_repl_offset:-1\r
            repl_backlog_active:1\r
            repl_backlog_size:1048576\r
            repl_backlog_first_byte_offset:900441\r
            repl_backlog_histlen:1100234\r
            """;

    static final String REPLICA = """
            # Replication\r
            role:slave\r
            master_host:127.0.0.1\r
            master_port:45545\r
            master_link_status:up\r
            master_last_io_seconds_ago:0\r
            master_sync_in_progress:0\r
            slave_read_repl_offset:2000674\r
            slave_repl_offset:23\r
            slave_priority:100\r
            slave_read_only:1\r
            replica_announced:1\r
            connected_slaves:0\r
            master_failover_state:no-failover\r
            master_replid:456fe85a6058d28033d4de5332e63547298cf73b\r
            master_replid2:0000000000000000000000000000000000000000\r
            master_repl_offset:23\r
            second_repl_offset:-1\r
            """;

    @Test
    void aMasterGivesItsRoleOffsetAndReplicationId() {
        ReplicationInfo info = ReplicationInfo.parse(MASTER);

        assertThat(info.role()).isEqualTo("master");
        assertThat(info.isReplica()).isFalse();
        assertThat(info.masterOffset()).isEqualTo(2_000_674L);
        assertThat(info.replicationId()).isEqualTo("456fe85a6058d28033d4de5332e63547298cf73b");
        assertThat(info.masterHost()).isNull();
        assertThat(info.masterPort()).isEqualTo(-1);
        assertThat(info.linkStatus()).isNull();
        assertThat(info.replicaOffset()).isEqualTo(-1);
    }

    @Test
    void aReplicaGivesItsMasterLinkAndTheOffsetItHasAppliedNotTheOneItHasRead() {
        ReplicationInfo info = ReplicationInfo.parse(REPLICA);

        assertThat(info.isReplica()).isTrue();
        assertThat(info.masterHost()).isEqualTo("127.0.0.1");
        assertThat(info.masterPort()).isEqualTo(45545);
        assertThat(info.linkStatus()).isEqualTo("up");
        assertThat(info.replicaOffset()).isEqualTo(23);
        assertThat(info.replicationId()).isEqualTo("456fe85a6058d28033d4de5332e63547298cf73b");
    }

    @Test
    void readsPlainNewlinesAndIgnoresUnknownAndMalformedLines() {
        ReplicationInfo info = ReplicationInfo.parse("role:slave\nmaster_link_status:down\nnot a field\nfuture_field:1\n");

        assertThat(info.role()).isEqualTo("slave");
        assertThat(info.linkStatus()).isEqualTo("down");
        assertThat(info.masterHost()).isNull();
    }

    @Test
    void anEmptyReplyHasNoRole() {
        assertThat(ReplicationInfo.parse("").role()).isNull();
    }

    @Test
    void refusesANumberFieldThatIsNotANumber() {
        assertThatThrownBy(() -> ReplicationInfo.parse("role:slave\r\nslave_repl_offset:lots\r\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("INFO replication: slave_repl_offset: 'lots' (expected: an integer)");
    }
}
