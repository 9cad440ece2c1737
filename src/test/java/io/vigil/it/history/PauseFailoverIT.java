package io.vigil.it.history;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10's scenario through Vigil: a writer does {@code SET k:<i> <i>} every 2 ms on one
 * connection; the master is paused (SIGSTOP) until the sentinels promote a replica and resumed
 * 0.5 s after the switch. The write in flight when it was paused reaches the old master when it
 * wakes up, which runs it and answers OK; Sentinel then turns it into a replica and the write is
 * gone. No acknowledged write may be missing from the final master.
 */
class PauseFailoverIT {

    /** A request timeout well past the failover, so the old master's late reply comes before it. */
    static final String POOL = "  timeout: 10000\n  failover_hold: 8000\n";

    @Test
    void noAcknowledgedWriteIsLostWhenAPausedMasterWakesUpAfterTheSwitch() throws Exception {
        Verdict v = FaultRun.run(Fault.PAUSE, Target.VIGIL, 0, POOL);
        assertThat(v.acknowledged()).as("writes acknowledged").isGreaterThan(FaultRun.DEFAULT_ACKS_BEFORE);
        assertThat(v.ackLostAfter()).as("acknowledged after the switch and lost: seqs %s", v.lostSeqs()).isZero();
        assertThat(v.ackLost()).as("acknowledged and lost: seqs %s", v.lostSeqs()).isZero();
        assertThat(v.failedApplied()).as("reported failed, yet applied").isZero();
        assertThat(v.reconnects()).as("client connections dropped").isZero();
    }
}
